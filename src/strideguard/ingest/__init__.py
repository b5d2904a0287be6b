"""Read watch files (FIT, GPX, TCX, archives) into ParsedActivity objects.

- ``fit``, ``gpx``, ``tcx``: one reader per format, each ``read(data, name)``
  (raw bytes + display name -> ``domain.ParsedActivity``); anything wrong is
  ``errors.ImportFailed`` with the reason, never another exception.
- ``detect``: picks the reader from the content (and the name), removes gzip,
  hashes the decompressed bytes (``decode``).
- ``archive``: walks folders and zip archives (nested, Garmin and Strava
  exports) into picklable ``Source`` locators; Strava ``activities.csv`` gear.
- ``summary``, ``samples``, ``sports``: the shared, pure parts (totals from the
  file or the samples, geodesic distance, smoothed ascent, sport names).

Storing is not done here: ``api.ingest`` stores what these produce.
"""
