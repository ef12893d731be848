"""Who is told what (docs/emails.md): each row's recipients and words, rendered as
the notifications function renders them. No confidential text reaches any email."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from pydantic import ValidationError

from mentoring.config import SchemeRules
from mentoring.domain.records import (
    EndReason,
    MatchStatus,
    MeetingStatus,
    MentorRecord,
)
from mentoring.mail import (
    kinds,  # noqa: F401 - every kind registered, as the function does
    notices,
)
from mentoring.mail.compose import Context
from mentoring.mail.kinds.accounts import partner_left
from mentoring.mail.kinds.match_requests import (
    request_accepted,
    request_auto_declined,
    request_created,
    request_declined,
    request_expired,
    request_reminder,
    request_withdrawn,
)
from mentoring.mail.kinds.matches import (
    evaluation_reminder,
    match_ended,
    match_nudge,
    session_logged,
)
from mentoring.mail.kinds.meetings import (
    CancelledBecause,
    meeting_cancelled,
    meeting_cancelled_by_the_end,
    meeting_cancelled_for_the_one_left,
    meeting_proposed,
)
from mentoring.mail.kinds.mentors import mentor_applied, mentor_status_changed
from mentoring.mail.mailer import SesMailer
from mentoring.mail.message import Attachment, Email, mime_message
from mentoring.mail.notices import KINDS, Notice
from mentoring.mail.render import render
from tests.support.mail import RecordingSes, read_raw
from tests.support.records import (
    MENTEE_EMAIL,
    MENTOR_EMAIL,
    NOW,
    meeting_record,
    mentor_record,
)
from tests.support.records import match_record as match
from tests.support.records import request_record as request

ADMIN = "admin@example.org"
RULES = SchemeRules.model_validate(os.environ)


def links(request_id: str, respond_by: datetime) -> tuple[str, str]:
    return (
        f"https://api.example.org/v1/actions/accept-{request_id}",
        f"https://api.example.org/v1/actions/decline-{request_id}",
    )


CONTEXT = Context(rules=RULES, admin_email=ADMIN, links=links)


def mentor(**changes: object) -> MentorRecord:
    return mentor_record(
        email=MENTOR_EMAIL, bio="PRIVATE-BIO", created_at=NOW, updated_at=NOW, **changes
    )


def emails(told: list[Notice]) -> list[Email]:
    return [render(notice, CONTEXT) for notice in told]


def one(told: list[Notice]) -> Email:
    (email,) = emails(told)
    return email


# ---- match requests -------------------------------------------------------------------------


def test_a_new_request_goes_to_the_mentor_with_its_message_and_both_links() -> None:
    email = one(request_created(request(), "CT1, Paediatrics, Leeds", NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert email.subject == "New match request from Dr Kofi Boateng"
    assert "Dr Kofi Boateng (CT1, Paediatrics, Leeds)" in email.text
    assert "within five working days" in email.text
    assert "> I would value help with MRCP." in email.text
    assert "Accept this request: https://api.example.org/v1/actions/accept-req-1" in email.text
    assert "Decline this request: https://api.example.org/v1/actions/decline-req-1" in email.text


def test_acceptance_introduces_each_to_the_other() -> None:
    to_mentee, to_mentor = emails(request_accepted(request(), NOW))

    assert to_mentee.to == (MENTEE_EMAIL,)
    assert to_mentee.subject == "Dr Ngozi Adeyemi is your peer mentor"
    assert MENTOR_EMAIL in to_mentee.text
    assert "Your mentor will contact you to organise your first meeting" in to_mentee.text
    assert "up to four mentoring sessions" in to_mentee.text

    assert to_mentor.to == (MENTOR_EMAIL,)
    assert to_mentor.subject == "Your new mentee: Dr Kofi Boateng"
    assert MENTEE_EMAIL in to_mentor.text
    assert "Please contact Dr Kofi Boateng" in to_mentor.text
    assert "to organise your first meeting" in to_mentor.text
    assert "> I would value help with MRCP." in to_mentor.text


def test_a_decline_goes_to_the_mentee_with_the_mentors_reason() -> None:
    email = one(request_declined(request(), "My list is full until March.", NOW))

    assert email.to == (MENTEE_EMAIL,)
    assert "choose another peer mentor" in email.text
    assert "> My list is full until March." in email.text


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("mentor_full", "has just taken on as many mentees as they can"),
        ("mentor_unavailable", "is not available as a peer mentor at the moment"),
    ],
)
def test_an_automatic_decline_tells_the_mentee_why(reason: str, words: str) -> None:
    email = one(request_auto_declined(request(), reason, NOW))

    assert email.to == (MENTEE_EMAIL,)
    assert words in email.text


def test_a_withdrawal_goes_to_the_mentor() -> None:
    email = one(request_withdrawn(request(), NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert "Dr Kofi Boateng has withdrawn their match request" in email.text


def test_the_first_reminder_goes_to_the_mentor_alone_with_links() -> None:
    email = one(request_reminder(request(), "CT1", second=False, now=NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert email.subject.startswith("Reminder:")
    assert "Accept this request:" in email.text


def test_the_second_reminder_also_tells_the_administrator_without_the_message() -> None:
    to_mentor, to_admin = emails(request_reminder(request(), "CT1", second=True, now=NOW))

    assert to_mentor.subject.startswith("Second reminder:")
    assert "administrator has been told" in to_mentor.text
    assert to_admin.to == (ADMIN,)
    assert "req-1" in to_admin.text
    assert "MRCP" not in to_admin.text


def test_expiry_tells_mentee_mentor_and_administrator() -> None:
    to_mentee, to_mentor, to_admin = emails(request_expired(request(), NOW))

    assert (to_mentee.to, to_mentor.to, to_admin.to) == ((MENTEE_EMAIL,), (MENTOR_EMAIL,), (ADMIN,))
    assert "please choose again" in to_mentee.subject
    assert "expired without an answer" in to_mentor.text
    assert "MRCP" not in to_admin.text


# ---- matches --------------------------------------------------------------------------------


def test_a_match_ending_tells_both_and_invites_the_mentee_to_evaluate() -> None:
    ended = match(status=MatchStatus.ENDED, end_reason=EndReason.ENDED_BY_MENTOR)
    to_mentee, to_mentor = emails(match_ended(ended, NOW))

    assert to_mentee.to == (MENTEE_EMAIL,)
    assert to_mentee.subject == "Please tell us how your peer mentoring went"
    assert "evaluation form" in to_mentee.text
    assert to_mentor.to == (MENTOR_EMAIL,)
    assert to_mentor.subject == "Your mentoring with Dr Kofi Boateng has ended"
    assert "anonymous totals" in to_mentor.text


def test_a_logged_session_tells_the_mentee_a_log_awaits_their_notes_never_its_words() -> None:
    email = one(session_logged(match(), 2, NOW))

    assert email.to == (MENTEE_EMAIL,)
    assert "activity log for your second mentoring session" in email.text
    assert "add your own notes" in email.text


def test_a_quiet_match_nudges_both_each_by_name() -> None:
    to_mentee, to_mentor = emails(match_nudge(match(sessions_used=1), 31, NOW))

    assert to_mentee.to == (MENTEE_EMAIL,)
    assert "Dear Dr Kofi Boateng" in to_mentee.text
    assert "between you and Dr Ngozi Adeyemi" in to_mentee.text
    assert to_mentor.to == (MENTOR_EMAIL,)
    assert "Dear Dr Ngozi Adeyemi" in to_mentor.text
    assert "31 days" in to_mentor.text


def test_a_nudge_to_a_pair_who_have_logged_no_session_says_so() -> None:
    to_mentee, _ = emails(match_nudge(match(sessions_used=0), 31, NOW))

    assert (
        "You and Dr Ngozi Adeyemi were matched 31 days ago, and no mentoring session has been "
        "logged yet." in to_mentee.text
    )
    assert "since the last" not in to_mentee.text
    assert "arrange your first meeting" in to_mentee.text


def test_a_missing_evaluation_is_reminded_to_the_mentee() -> None:
    email = one(evaluation_reminder(match(status=MatchStatus.ENDED), NOW))

    assert email.to == (MENTEE_EMAIL,)
    assert "the only reminder" in email.text


@pytest.mark.parametrize("leaver_is_mentee", [True, False])
def test_an_erased_account_tells_the_other_party_of_a_match(leaver_is_mentee: bool) -> None:
    email = one(partner_left(match(), leaver_is_mentee, NOW))

    reader, leaver, address = (
        ("Dr Ngozi Adeyemi", "Dr Kofi Boateng", MENTOR_EMAIL)
        if leaver_is_mentee
        else ("Dr Kofi Boateng", "Dr Ngozi Adeyemi", MENTEE_EMAIL)
    )
    assert email.to == (address,)
    assert f"Dear {reader}" in email.text
    assert f"{leaver} has closed their IMG Peer Mentoring account" in email.text
    assert "your mentoring relationship" in email.text


def test_an_erased_account_tells_the_other_party_of_a_request() -> None:
    email = one(partner_left(request(), leaver_is_mentee=True, now=NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert "your match request with them has ended" in email.text


# ---- mentors --------------------------------------------------------------------------------


def test_an_application_tells_the_administrator_who_without_their_private_details() -> None:
    email = one(mentor_applied(mentor(), NOW))

    assert email.to == (ADMIN,)
    assert email.subject == "New peer mentor application: Dr Ngozi Adeyemi"
    assert "approve the application in the administration app" in email.text
    assert "(mentor id mentor-1)" in email.text
    assert "/admin/" not in email.text  # a person reads it, not a client
    assert "decline" not in email.text  # no route declines an application
    for private in ("7654321", "PRIVATE-BIO", MENTOR_EMAIL):
        assert private not in email.text


@pytest.mark.parametrize(
    ("approved", "subject"),
    [(True, "You are now an IMG peer mentor"), (False, "Your peer mentor profile has been paused")],
)
def test_approval_and_suspension_go_to_the_mentor(approved: bool, subject: str) -> None:
    email = one(mentor_status_changed(mentor(), approved, NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert email.subject == subject


# ---- what every notice shares -----------------------------------------------------------------


def test_a_person_without_an_address_is_left_out_and_the_rest_still_go() -> None:
    told = request_accepted(request(mentee_email=None), NOW)

    assert [n.kind for n in notices.deliverable(told)] == ["mentee_introduced"]


def test_every_email_has_both_parts_and_the_schemes_sign_off() -> None:
    everything = (
        request_created(request(), "CT1", NOW)
        + request_accepted(request(), NOW)
        + request_expired(request(), NOW)
        + match_ended(match(), NOW)
        + mentor_applied(mentor(), NOW)
    )
    for email in emails(everything):
        assert "The IMG Peer Mentoring Scheme" in email.text
        assert email.html.startswith("<!doctype html>")
        assert email.kind in KINDS


def test_a_stored_notice_missing_what_its_email_needs_cannot_be_read() -> None:
    (written,) = request_created(request(), "CT1", NOW)
    stored = written.model_dump(mode="json")
    del stored["facts"]["respond_by"]

    with pytest.raises(ValidationError):
        Notice.model_validate(stored)


def test_a_stored_notice_of_an_unknown_kind_cannot_be_read() -> None:
    (written,) = request_created(request(), "CT1", NOW)

    with pytest.raises(ValidationError):
        Notice.model_validate(written.model_dump(mode="json") | {"kind": "no_such_kind"})


def test_a_notice_reads_back_from_its_stored_form() -> None:
    (written,) = request_created(request(), "CT1", NOW)
    stored = written.model_dump(mode="json") | {"status": "pending", "PK": "x", "attempts": 1}

    assert Notice.model_validate(stored) == written


def test_an_email_asks_out_of_office_assistants_not_to_answer_it() -> None:
    raw = mime_message(
        "mentoring@example.org",
        Email(("amara.okafor@example.org",), "New match request", "text", "<p>html</p>", "k"),
    )

    parsed = read_raw(raw)
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert parsed["From"] == "IMG Peer Mentoring <mentoring@example.org>"


def test_a_reply_reaches_the_scheme_administrator_not_the_sending_address() -> None:
    ses = RecordingSes()
    mailer = SesMailer("no-reply@example.org", reply_to=ADMIN, client=ses)

    mailer.send(Email(("amara.okafor@example.org",), "Matched", "text", "<p>html</p>", "k"))
    mailer.send(Email((ADMIN,), "Overdue", "text", "<p>html</p>", "k"))

    to_mentor, to_admin = (read_raw(call["Content"]["Raw"]["Data"]) for call in ses.sent)
    assert to_mentor["Reply-To"] == "Peer Mentoring Administrator <admin@example.org>"
    assert to_mentor["From"] == "IMG Peer Mentoring <no-reply@example.org>"
    assert to_admin["Reply-To"] is None  # no reply to oneself


def test_every_part_goes_seven_bit_so_a_name_with_accents_arrives_exactly() -> None:
    calendar = Attachment(
        "invite.ics",
        "text/calendar",
        "BEGIN:VCALENDAR\r\nSUMMARY:IMG Peer Mentoring: Dr Siobhán Ní Bhriain\r\nEND:VCALENDAR\r\n",
        (("method", "REQUEST"),),
    )
    email = Email(
        ("siobhan@example.org",),
        "Meeting confirmed: Dr Siobhán Ní Bhriain",
        "Dear Dr Siobhán Ní Bhriain, Zoë and Łukasz send their regards — 10am.",
        "<p>Dear Dr Siobhán Ní Bhriain</p>",
        "meeting_confirmed",
        (calendar,),
    )

    raw = mime_message("mentoring@example.org", email)

    assert raw.isascii()  # nothing 8-bit on the wire
    parsed = read_raw(raw)
    leaves = [part for part in parsed.walk() if not part.is_multipart()]
    assert {str(part["Content-Transfer-Encoding"]) for part in leaves} <= {
        "quoted-printable",
        "base64",
    }
    plain = parsed.get_body(("plain",))
    assert plain is not None
    assert "Zoë and Łukasz send their regards — 10am." in plain.get_content()
    (attached,) = parsed.iter_attachments()
    assert "Dr Siobhán Ní Bhriain" in attached.get_content()


def test_a_meeting_cancelled_because_the_match_ended_says_why_and_offers_no_new_time() -> None:
    confirmed = meeting_record(status=MeetingStatus.CONFIRMED)
    to_mentee, to_mentor = emails(
        meeting_cancelled_by_the_end(match(), confirmed, CancelledBecause.SESSIONS_COMPLETE, NOW)
    )

    assert "All the sessions of your mentoring relationship with Dr Ngozi Adeyemi" in (
        to_mentee.text
    )
    assert "propose a new time" not in to_mentee.text + to_mentor.text
    assert to_mentee.attachments[0].filename == "invite.ics"


@pytest.mark.parametrize(
    ("starts_at", "read_as"),
    [
        ("2026-12-02T12:00:00Z", "Wednesday 2 December 2026 at noon (UK time)"),
        ("2026-12-02T00:00:00Z", "Wednesday 2 December 2026 at midnight (UK time)"),
        ("2026-12-02T12:30:00Z", "Wednesday 2 December 2026 at 12:30pm (UK time)"),
        # The clocks go back at 2am BST on 25 October 2026: 1:30am happens twice.
        ("2026-10-25T00:30:00Z", "Sunday 25 October 2026 at 1:30am BST (UK time)"),
        ("2026-10-25T01:30:00Z", "Sunday 25 October 2026 at 1:30am GMT (UK time)"),
        ("2026-10-25T02:30:00Z", "Sunday 25 October 2026 at 2:30am (UK time)"),
        ("2026-07-01T09:00:00Z", "Wednesday 1 July 2026 at 10am (UK time)"),
    ],
)
def test_a_meetings_time_reads_unambiguously(starts_at: str, read_as: str) -> None:
    planned = meeting_record(starts_at=datetime.fromisoformat(starts_at))
    email = one(meeting_proposed(match(), planned, NOW))

    assert read_as in email.text


def test_a_meeting_cancelled_by_one_party_says_who_and_offers_a_new_time() -> None:
    confirmed = meeting_record(status=MeetingStatus.CONFIRMED)
    to_mentee, to_mentor = emails(
        meeting_cancelled(match(), confirmed, MeetingStatus.CONFIRMED, "mentee-1", NOW)
    )

    assert "You have cancelled your mentoring meeting with Dr Ngozi Adeyemi" in to_mentee.text
    assert "Dr Kofi Boateng has cancelled your mentoring meeting" in to_mentor.text
    assert "propose a new time" in to_mentor.text


def test_a_meeting_cancelled_because_someone_left_names_only_the_one_who_stays() -> None:
    confirmed = meeting_record(status=MeetingStatus.CONFIRMED)
    (email,) = emails(meeting_cancelled_for_the_one_left(match(), confirmed, "mentee-1", NOW))

    assert email.to == (MENTOR_EMAIL,)
    assert "Dr Kofi Boateng has left the scheme" in email.text
    assert MENTEE_EMAIL not in email.text + email.attachments[0].content
