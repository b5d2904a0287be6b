"""Read watch files (FIT, GPX, TCX, archives) into ParsedActivity objects."""
