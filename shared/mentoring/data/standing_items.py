"""The items a standing change writes beside a profile: training records, supervision sessions
and attendances (keys in mentoring.data.keys). Built here, beside no store, because a mentor's
change writes them with their profile (mentoring.data.mentor_listing)."""

from __future__ import annotations

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    CURRENT_CODE,
    about,
    attendance_key,
    supervision_key,
    training_key,
)
from mentoring.data.table import Table
from mentoring.domain.records import (
    Attendance,
    CodeOfPracticeRecord,
    SupervisionRecord,
    TrainingRecord,
)


def read_current_code(table: Table) -> CodeOfPracticeRecord | None:
    """The Code published last; None while the template's first version stands."""
    item = table.get(CURRENT_CODE)
    return CodeOfPracticeRecord.model_validate(item) if item else None


def training_item(record: TrainingRecord) -> Item:
    key = training_key(record.mentor_id, record.completed_on.isoformat(), record.training_id)
    return {"PK": key[0], "SK": key[1], "entity": "training", **about(record.mentor_id, key)} | (
        record.model_dump(mode="json")
    )


def session_item(record: SupervisionRecord) -> Item:
    key = supervision_key(record.supervision_id)
    data = record.model_dump(mode="json")
    return (
        {"PK": key[0], "SK": key[1], "entity": "supervision"}
        | data
        | {"attendees": set(record.attendees)}
    )


def attendance_item(record: SupervisionRecord, mentor_id: str) -> Item:
    """One mentor's attendance, in their own partition (their export finds it; their erasure
    removes it), written with their standing."""
    data = record.model_dump(mode="json")
    key = attendance_key(mentor_id, data["held_on"], record.supervision_id)
    return (
        {"PK": key[0], "SK": key[1], "entity": "attendance", **about(mentor_id, key)}
        | data
        | {"attendees": [mentor_id]}
    )


def record_item(record: TrainingRecord | Attendance) -> Item:
    if isinstance(record, Attendance):
        return attendance_item(record.session, record.mentor_id)
    return training_item(record)
