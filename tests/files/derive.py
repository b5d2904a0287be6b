"""Makes the files of ``strideguard/`` and ``invalid/strideguard/`` from the licensed real files beside them.

Run ``python tests/files/derive.py`` from the project root to write them again;
``tests/ingest/test_repository_files.py`` checks that the committed files are
exactly what this script makes. Each file is a real file changed in one stated
way (or, for the non-activity files, a file built here from the FIT protocol).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

FILES = Path(__file__).resolve().parent
sys.path.insert(0, str(FILES.parents[1]))

from tests import fitkit  # noqa: E402  (the project root goes on the path first)

FENIX5_RUN = FILES / "python-fitparse" / "garmin-fenix-5-run.fit"
FENIX2_RUN = FILES / "python-fitparse" / "activity-small-fenix2-run.fit"
T0 = 1_000_000_000  # FIT seconds: 2021-09-09T01:46:40Z


def _settings_file() -> bytes:
    """A settings file: a file_id of type settings and one user_profile message (weight 62.0 kg)."""
    profile = fitkit.definition(1, 3, [(4, 2, fitkit.UINT16)]) + bytes([1]) + struct.pack("<H", 620)
    return fitkit.build_fit([fitkit.file_id("settings"), profile])


def _no_timestamp_with_developer_fields() -> bytes:
    """An activity file whose three records carry heart rate and a developer field but no timestamp."""
    dev_id = fitkit.definition(2, 207, [(3, 1, fitkit.UINT8)]) + bytes([2, 0])
    desc = fitkit.definition(3, 206, [(0, 1, fitkit.UINT8), (1, 1, fitkit.UINT8), (2, 1, fitkit.UINT8), (3, 8, 7)])
    desc += bytes([3, 0, 0, fitkit.UINT16]) + b"Power\x00\x00\x00"
    recs = fitkit.definition(0, 20, [(3, 1, fitkit.UINT8)], dev=[(0, 2, 0)])
    recs += b"".join(bytes([0, hr]) + struct.pack("<H", watts) for hr, watts in ((120, 200), (121, 210), (122, 220)))
    return fitkit.build_fit([fitkit.file_id("activity"), dev_id, desc, recs])


def derived() -> dict[str, bytes]:
    """Relative path -> content of every derived file."""
    run = FENIX5_RUN.read_bytes()
    settings = _settings_file()
    (data_size,) = struct.unpack_from("<I", run, 4)
    bad_crc = run[:-1] + bytes([run[-1] ^ 0xFF])
    corrupt_header = bytearray(settings)
    corrupt_header[8:12] = b".FIX"
    header_only = settings[:14]
    return {
        # valid
        "strideguard/garmin-fenix-5-run-big-endian.fit": fitkit.to_big_endian(run),
        # session and lap sport set to 0 (generic): the sport must come from the speed
        "strideguard/activity-small-fenix2-run-generic-sport.fit": fitkit.set_field(
            fitkit.set_field(FENIX2_RUN.read_bytes(), 18, 5, 0), 19, 25, 0
        ),
        "strideguard/garmin-fenix-5-run-then-settings.fit": run + settings,
        # corrupt
        "invalid/strideguard/garmin-fenix-5-run-bad-crc.fit": bad_crc,
        "invalid/strideguard/garmin-fenix-5-run-twice-second-bad-crc.fit": run + bad_crc,
        "invalid/strideguard/garmin-fenix-5-run-corrupt-chained-header.fit": run + bytes(corrupt_header),
        "invalid/strideguard/garmin-fenix-5-run-chained-header-no-data.fit": run + header_only,
        "invalid/strideguard/garmin-fenix-5-run-truncated.fit": run[: 14 + data_size // 2],
        "invalid/strideguard/no-timestamp-developer-fields.fit": _no_timestamp_with_developer_fields(),
        # not activities
        "invalid/strideguard/settings.fit": settings,
        "invalid/strideguard/workout.fit": fitkit.build_fit([fitkit.file_id("workout")]),
        "invalid/strideguard/weight-scale.fit": fitkit.build_fit([fitkit.file_id("weight")]),
        "invalid/strideguard/monitoring.fit": fitkit.build_fit([fitkit.file_id("monitoring_b")]),
        "invalid/strideguard/SETTINGS-UPPER-CASE.FIT": settings,
    }


def main() -> None:
    for rel, data in derived().items():
        path = FILES / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{rel}: {len(data)} bytes")


if __name__ == "__main__":
    main()
