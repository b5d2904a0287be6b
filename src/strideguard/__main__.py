"""`python -m strideguard` runs the command line."""

from .cli import main

main()
