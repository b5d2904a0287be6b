"""Read watch files (FIT, GPX, TCX, Polar sessions, archives, whole exports) into ParsedActivity objects.

- ``fit``, ``gpx``, ``tcx``, ``polar``: one reader per format, each ``read(data, name)``
  (raw bytes + display name -> ``domain.ParsedActivity``); anything wrong is
  ``errors.ImportFailed`` with the reason, never another exception.
- ``documents``: the files of an export that are not one activity each:
  ``apple`` (Apple Health's export.xml, streamed), ``samsung`` (Samsung Health's
  exercise CSV), ``garmin`` and ``strava`` (names, effort, gear, shoes, wellness);
  ``effort`` converts each vendor's effort scale to 0-10.
- ``detect``: picks the reader from the content (and the name), removes gzip,
  hashes the decompressed bytes (``decode``).
- ``archive``: walks folders and zip archives (nested, Garmin and Strava
  exports) into picklable ``Source`` locators (activity files and export
  documents); Strava ``activities.csv`` gear.
- ``summary``, ``samples``, ``sports``: the shared, pure parts (totals from the
  file or the samples, geodesic distance, smoothed ascent, sport names).

Storing is not done here: ``api.ingest`` stores what these produce.
"""
