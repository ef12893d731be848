"""Records as the stores read them back, for unit tests that need no table."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mentoring.domain.records import (
    CodeOfPracticeRecord,
    ConcernCategory,
    ConcernRecord,
    ConcernStatus,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MeetingRecord,
    MeetingStatus,
    MentorRecord,
    MentorStatus,
    RequestStatus,
    SessionMode,
    WaitingEntryRecord,
    WaitingStatus,
)
from mentoring.domain.standing import Reason, ReasonCode

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # the scheme fixture's clock: a Wednesday
MENTEE_EMAIL = "kofi.boateng@example.org"
SESSIONS_LIMIT = 4  # the template's default
MENTOR_EMAIL = "ngozi.adeyemi@example.org"


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


# The two people of the request and of the match it became.
PARTIES: dict[str, str] = {
    "mentee_id": "mentee-1",
    "mentor_id": "mentor-1",
    "mentee_name": "Dr Kofi Boateng",
    "mentor_name": "Dr Ngozi Adeyemi",
    "mentee_email": MENTEE_EMAIL,
    "mentor_email": MENTOR_EMAIL,
}


def request_record(**changes: object) -> MatchRequestRecord:
    """Dr Kofi Boateng's pending request to Dr Ngozi Adeyemi, with `changes` made."""
    record = MatchRequestRecord(
        request_id="req-1",
        **PARTIES,
        status=RequestStatus.PENDING,
        message="I would value help with MRCP.",
        created_at=NOW,
        respond_by=datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC),
    )
    return record.model_copy(update=changes)


def match_record(**changes: object) -> MatchRecord:
    """Their active match, started now, with `changes` made."""
    record = MatchRecord(
        match_id="match-1",
        request_id="req-1",
        **PARTIES,
        status=MatchStatus.ACTIVE,
        sessions_limit=SESSIONS_LIMIT,
        started_at=NOW,
    )
    return record.model_copy(update=changes)


def meeting_record(**changes: object) -> MeetingRecord:
    """A virtual meeting the mentor proposed in their match, a week ahead, with `changes`."""
    record = MeetingRecord(
        meeting_id="20261202T1000Z-meeting1",
        match_id="match-1",
        proposed_by=PARTIES["mentor_id"],
        starts_at=datetime(2026, 12, 2, 10, 0, tzinfo=UTC),
        duration_minutes=60,
        mode=SessionMode.VIRTUAL,
        video_link="https://meet.example.org/abc",
        note="Shall we start with your exam plan?",
        status=MeetingStatus.PROPOSED,
        created_at=NOW,
    )
    return record.model_copy(update=changes)


def waiting_entry(**changes: object) -> WaitingEntryRecord:
    """Dr Kofi Boateng waiting for Dr Ngozi Adeyemi, joined now, with `changes` made."""
    record = WaitingEntryRecord(
        mentee_id=PARTIES["mentee_id"],
        mentor_id=PARTIES["mentor_id"],
        mentee_name=PARTIES["mentee_name"],
        mentor_name=PARTIES["mentor_name"],
        mentee_email=PARTIES["mentee_email"],
        status=WaitingStatus.WAITING,
        joined_at=NOW,
    )
    return record.model_copy(update=changes)


def concern_record(**changes: object) -> ConcernRecord:
    """Dr Kofi Boateng's concern about his match, raised now, with `changes` made."""
    record = ConcernRecord(
        concern_id="concern-1",
        raiser_id=PARTIES["mentee_id"],
        raiser_name=PARTIES["mentee_name"],
        raiser_email=PARTIES["mentee_email"],
        category=ConcernCategory.WELLBEING,
        description="PRIVATE-CONCERN-TEXT",
        about_match_id="match-1",
        status=ConcernStatus.OPEN,
        created_at=NOW,
    )
    return record.model_copy(update=changes)


# A mentor's training lapsing at the end of March, and supervision overdue since February.
DUE_REASONS = (
    Reason(ReasonCode.TRAINING_DUE, date(2027, 3, 31)),
    Reason(ReasonCode.SUPERVISION_DUE, date(2027, 2, 28)),
)


def code_record(**changes: object) -> CodeOfPracticeRecord:
    """Version 2026.2 of the Code, published now, to be agreed within 30 days."""
    record = CodeOfPracticeRecord(
        version="2026.2",
        url="https://example.org/code-of-practice/2026.2",
        summary="Clearer guidance on confidentiality and on online meetings.",
        published_at=NOW,
        agree_by=date(2026, 12, 25),
    )
    return record.model_copy(update=changes)
