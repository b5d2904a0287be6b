"""Wellness (sleep, resting heart rate, HRV) from watch exports, as context for the load signals.

``context``: pure functions over daily values (thresholds and sources in ``knowledge/wellness.yaml``).
The values are read by ``ingest`` (Apple Health, Garmin) and stored per day and source by
``store.wellness``; ``api.wellness`` puts them together for the command line, Today and the report.
"""
