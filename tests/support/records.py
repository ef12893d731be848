"""Records as the stores read them back, for unit tests that need no table."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mentoring.records import MentorRecord, MentorStatus

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def mentor_record(**changes: object) -> MentorRecord:
    """Dr Ngozi Adeyemi, a cardiology mentor awaiting approval, with `changes` made."""
    record = MentorRecord(
        user_id="mentor-1",
        email="ngozi@example.org",
        name="Dr Ngozi Adeyemi",
        profession="doctor",
        grade="ST6",
        specialty="Cardiology",
        placement_site="Leeds General Infirmary",
        region="yorkshire_and_humber",
        in_postgraduate_training=True,
        pmq_country="NG",
        registration_number="7654321",
        languages=["English", "Yoruba"],
        bio=None,
        code_of_practice_version="2024.1",
        created_at=NOW,
        updated_at=NOW,
        country_of_origin="NG",
        capacity=2,
        training_completed_on=date(2025, 6, 1),
        status=MentorStatus.PENDING_APPROVAL,
    )
    return record.model_copy(update=changes)
