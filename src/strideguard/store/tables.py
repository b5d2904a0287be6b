"""Table definitions (SQLAlchemy Core). Portable SQL: SQLite and PostgreSQL alike.

The Alembic migrations in ``migrations/versions`` create exactly these tables;
``tests/store/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

profile = sa.Table(
    "profile",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # always 1: one runner per database
    sa.Column("name", sa.String(100)),
    sa.Column("birth_year", sa.Integer),
    sa.Column("sex", sa.String(10)),
    sa.Column("height_cm", sa.Float),
    sa.Column("weight_kg", sa.Float),
    sa.Column("experience", sa.String(20)),
    sa.Column("joint_problems", sa.JSON),
    sa.Column("timezone", sa.String(64)),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("language", sa.String(5)),  # the language the runner reads (knowledge.LANGUAGES); NULL: English
)

shoes = sa.Table(
    "shoes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("brand", sa.String(100)),
    sa.Column("started_on", sa.Date),
    sa.Column("retired_on", sa.Date),
    sa.Column("is_default", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("initial_km", sa.Float, nullable=False, server_default="0"),
    sa.Column("notes", sa.Text),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("start_time", sa.DateTime, nullable=False),  # UTC, naive
    sa.Column("utc_offset_min", sa.Integer, nullable=False),  # local = UTC + offset
    sa.Column("local_date", sa.Date, nullable=False, index=True),
    sa.Column("sport", sa.String(40), nullable=False),
    sa.Column("distance_m", sa.Float),
    sa.Column("elapsed_s", sa.Float),
    sa.Column("moving_s", sa.Float),
    sa.Column("ascent_m", sa.Float),
    sa.Column("descent_m", sa.Float),
    sa.Column("avg_hr", sa.Float),
    sa.Column("max_hr", sa.Float),
    sa.Column("avg_cadence_spm", sa.Float),
    sa.Column("source_format", sa.String(20), nullable=False),
    sa.Column("source_file", sa.Text),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("device", sa.String(200)),
    sa.Column("sample_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("richness", sa.Integer, nullable=False, server_default="0"),
    sa.Column("shoe_id", sa.Integer, sa.ForeignKey("shoes.id", ondelete="SET NULL"), index=True),
    sa.Column("notes", sa.Text),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("name", sa.String(200)),  # the title the watch app gave it, if any
    sa.Column("rpe", sa.Integer),  # the runner's effort rating, 0-10 (Borg CR-10, Foster 2001)
    sa.Column("rpe_note", sa.String(500)),  # how it felt, in the runner's words
    sa.Column("export_rpe", sa.Float),  # effort an export recorded, 0-10; used where rpe is unknown
    sa.Column("energy_kcal", sa.Float),  # energy the device estimated (an export's total or active energy)
    sa.Column("export_feel", sa.Integer),  # how the runner felt, as an export recorded it: 1 very weak .. 5 very strong
    sa.Index("ix_activities_start_time", "start_time"),
)

activity_samples = sa.Table(
    "activity_samples",
    metadata,
    sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("columns", sa.JSON, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),  # see store/codec.py for the format
)

activity_metrics = sa.Table(
    "activity_metrics",
    metadata,
    sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.String(40), nullable=False),  # algorithm version that computed them
    sa.Column("metrics", sa.JSON, nullable=False),
    sa.Column("computed_at", sa.DateTime, nullable=False),
)

symptom_episodes = sa.Table(
    "symptom_episodes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("region", sa.String(20), nullable=False),
    sa.Column("side", sa.String(10)),  # NULL: the reports did not say
    sa.Column("site", sa.String(20)),  # NULL: the whole region (triage/episodes.yaml sites)
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date),  # NULL while open
    sa.Column("closed_reason", sa.String(500)),  # "settled" (a report closed it) or the runner's reason
    sa.Column("created_at", sa.DateTime, nullable=False),
)

symptom_reports = sa.Table(
    "symptom_reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("date", sa.Date, nullable=False, index=True),
    sa.Column("region", sa.String(20), nullable=False),
    sa.Column("report", sa.JSON, nullable=False),  # the validated report, reported fields only
    sa.Column("created_at", sa.DateTime, nullable=False),
    # always set by the store; nullable only because SQLite cannot add a NOT NULL column in place
    sa.Column("episode_id", sa.Integer, sa.ForeignKey("symptom_episodes.id", ondelete="CASCADE"), index=True),
)

triage_results = sa.Table(
    "triage_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("symptom_id", sa.Integer, sa.ForeignKey("symptom_reports.id", ondelete="CASCADE"), index=True),
    sa.Column("report_date", sa.Date, nullable=False, index=True),
    sa.Column("disposition", sa.String(20), nullable=False),
    sa.Column("rule_version", sa.String(64), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)


checkins = sa.Table(
    "checkins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("date", sa.Date, nullable=False, unique=True),  # the morning it is about (runner's local day)
    sa.Column("stiffness", sa.Integer),  # morning stiffness 0-10; NULL: not said
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

checkin_pains = sa.Table(
    "checkin_pains",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column(
        "episode_id",
        sa.Integer,
        sa.ForeignKey("symptom_episodes.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("pain", sa.Integer, nullable=False),  # 0-10 at that sore spot that morning
    sa.UniqueConstraint("checkin_id", "episode_id", name="uq_checkin_pains_checkin_id"),
)

deleted_items = sa.Table(
    "deleted_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),  # "run" or "symptom_report"
    sa.Column("item_id", sa.Integer, nullable=False),  # the id it had
    sa.Column("summary", sa.String(300), nullable=False),  # what it was, for the list of deleted things
    sa.Column("deleted_at", sa.DateTime, nullable=False, index=True),
    sa.Column("payload", sa.JSON, nullable=False),  # every row it took with it (store/trash.py)
    sa.Column("data", sa.LargeBinary),  # a run's sample blob
)

wellness_days = sa.Table(
    "wellness_days",
    metadata,
    # one row per day and source (an Apple Watch and a Garmin may both say something about one night)
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("source", sa.String(20), primary_key=True),  # "apple_health", "garmin", ...
    sa.Column("sleep_h", sa.Float),  # hours asleep in the night that ended on this day
    sa.Column("resting_hr", sa.Float),  # beats per minute
    sa.Column("hrv_sdnn_ms", sa.Float),  # SDNN (Apple Health)
    sa.Column("hrv_rmssd_ms", sa.Float),  # RMSSD (Garmin HRV status)
    sa.Column("imported_at", sa.DateTime, nullable=False),
)


# The largest value an Integer column holds on every database strideguard supports: PostgreSQL's INTEGER
# is 32-bit (SQLite's is 64-bit). An id beyond it cannot be stored, so it names nothing; an export with
# such a number would restore into SQLite but not into PostgreSQL, so restore refuses it on both.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def storable_id(value: int) -> bool:
    """Whether ``value`` can be a row id on every database (ids start at 1)."""
    return 0 < value <= INT_MAX


def fit_text(column: sa.Column[Any], value: str | None) -> str | None:
    """Text read from a file, made storable in ``column`` on every database: NUL characters removed
    (PostgreSQL's text cannot hold them) and cut to the column's length (PostgreSQL enforces it; SQLite
    would keep a longer value that could then not move to PostgreSQL). For what files say, not for what
    a user types: that is refused with a message instead (``schemas``)."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        value = value[: length - 1] + "…"
    return value or None


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just stored."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are no single-row INSERT
        raise ValueError("not a single-row INSERT")
    return int(key[0])
