"""A Korean runner for the Korean-edition tests: the demo's history with everything the runner typed in Korean.

The demo (``strideguard.demo.build``) is English where a runner types (name, shoes, notes). A Korean
runner types Korean, and the Korean pages must show no English word of strideguard's own: so this
runner's name, shoes and notes are Korean, her profile speaks Korean, and her symptom reports are
triaged while Korean is the language (the advice stored with them is in Korean where the locale has it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from strideguard import api, knowledge
from strideguard import demo as demo_data
from strideguard.store import activities as activity_store
from strideguard.store import open_database
from strideguard.store import profile as profile_store
from strideguard.store import shoes as shoe_store

NAME = "김민지"
SHOE = "데일리 러닝화"
NOTES = (
    "숲길을 달리다 나무뿌리에 걸려 발목을 접질렸어요.",
    "다시 평지에서 가볍게 달렸어요. 붓기도 없고 힘이 빠지는 느낌도 없어요.",
    "장거리 달리기 뒤로 내리막과 계단에서 무릎뼈 주변이 뻐근해요.",
)


def build(path: Path, today: date | None = None) -> Path:
    """The Korean runner in a new SQLite database at ``path`` (returned)."""
    day = today or date.today()
    data = demo_data.build(day, lang="ko")
    profile = {**data.profile, "name": NAME, "timezone": "Asia/Seoul", "language": "ko"}
    reports = [{**r, "notes": note} for r, note in zip(data.reports, NOTES, strict=True)]
    db = open_database(str(path))
    with db.begin() as conn:
        profile_store.update(conn, profile)
        shoe_id = shoe_store.add(
            conn,
            SHOE,
            brand="국산",
            started_on=data.shoe["started_on"],
            initial_km=data.shoe["initial_km"],
            make_default=True,
        )
        for activity, sha in data.activities:
            activity_store.insert(
                conn,
                activity,
                sha256=sha,
                source_file=f"워치-{activity.start_time.date()}.fit",
                shoe_id=shoe_id,
            )
    with knowledge.use_language("ko"):
        for report in reports:
            api.symptom_log(db, report)
    db.close()
    return path
