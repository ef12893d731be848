"""Raising a concern, through the service on moto: who may, who is told what, the
administrator's answers and their audit, and what a person's export and erasure do with it."""

from __future__ import annotations

import json

import pytest

from mentoring.domain.models import ConcernCreate, ConcernResponse
from mentoring.domain.paging import PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import ConcernStatus
from mentoring.errors import Forbidden, InvalidTransition, NotFound
from tests.support.logs import captured_logs
from tests.support.scheme import Scheme

WORDS = "CONFIDENTIAL-WORDS: my mentor made remarks about my accent in the meeting."
ANSWER = "CONFIDENTIAL-ANSWER: I have spoken with the mentor."


def raise_one(scheme: Scheme, who: Principal, **fields: object) -> str:
    body = ConcernCreate.model_validate(
        {"category": "professional_conduct", "description": WORDS} | fields
    )
    return scheme.concerns.raise_concern(who, body).concern_id


def respond(scheme: Scheme, concern_id: str, status: str = "in_progress") -> object:
    body = ConcernResponse.model_validate({"response": ANSWER, "status": status})
    return scheme.concerns.respond(scheme.admin, concern_id, body)


def test_a_mentee_raises_a_concern_and_the_administrator_is_told_only_that(
    scheme: Scheme,
) -> None:
    mentee = scheme.mentee("Dr Amara Obi")
    match = scheme.match(mentee)

    view = scheme.concerns.raise_concern(
        mentee,
        ConcernCreate.model_validate(
            {"category": "safeguarding", "description": WORDS, "about_match_id": match.match_id}
        ),
    )

    assert (view.category, view.status, view.response) == ("safeguarding", "open", None)
    assert view.about_match_id == match.match_id
    to_admin = scheme.mailer.last("concern_raised")
    assert to_admin.to == ("admin@example.org",)
    assert view.concern_id in to_admin.text
    assert "(safeguarding)" in to_admin.subject
    acknowledged = scheme.mailer.last("concern_acknowledged")
    assert acknowledged.to == (mentee.email,)
    assert "Dear Dr Amara Obi" in acknowledged.text
    assert all("CONFIDENTIAL" not in e.text + e.html + e.subject for e in scheme.mailer.sent)
    # The mentor the concern is about hears nothing of it.
    mentor = scheme.stores.profiles.mentor(match.mentor_id)
    assert mentor is not None
    assert mentor.email is not None
    assert not [e for e in scheme.mailer.to(mentor.email) if e.kind.startswith("concern")]


def test_mentors_raise_concerns_too_and_only_registered_people_may(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    assert scheme.concerns.raise_concern(
        mentor, ConcernCreate.model_validate({"category": "other", "description": "x"})
    )
    stranger = Principal("nobody", "nobody@example.org", frozenset())
    with pytest.raises(Forbidden):
        raise_one(scheme, stranger)


def test_a_concern_about_someone_elses_match_is_404(scheme: Scheme) -> None:
    match = scheme.match()
    with pytest.raises(NotFound):
        raise_one(scheme, scheme.mentee(), about_match_id=match.match_id)
    with pytest.raises(NotFound):
        raise_one(scheme, scheme.mentee(), about_match_id="no-such-match")


def test_raisers_see_only_their_own_concerns_newest_first(scheme: Scheme) -> None:
    first, other = scheme.mentee(), scheme.mentee()
    older = raise_one(scheme, first)
    scheme.fixed_clock.advance(minutes=5)
    newer = raise_one(scheme, first, category="wellbeing")
    raise_one(scheme, other)

    mine = scheme.concerns.mine(first, PageRequest(limit=1))
    rest = scheme.concerns.mine(first, PageRequest(limit=1, cursor=mine.next_cursor))

    assert [c.concern_id for c in mine.items + rest.items] == [newer, older]
    assert rest.next_cursor is None


def test_the_administrator_answers_and_the_raiser_is_told_there_is_an_update(
    scheme: Scheme,
) -> None:
    mentee = scheme.mentee()
    concern_id = raise_one(scheme, mentee)
    scheme.fixed_clock.advance(hours=1)

    in_progress = scheme.concerns.respond(
        scheme.admin,
        concern_id,
        ConcernResponse.model_validate({"response": ANSWER, "status": "in_progress"}),
    )

    assert (in_progress.status, in_progress.response) == ("in_progress", ANSWER)
    assert in_progress.raiser_id == mentee.user_id
    update = scheme.mailer.last("concern_answered")
    assert update.to == (mentee.email,)
    assert "sign in to the app to read their response" in update.text
    assert "CONFIDENTIAL" not in update.text + update.html
    (mine,) = scheme.concerns.mine(mentee, PageRequest()).items
    assert (mine.status, mine.response) == ("in_progress", ANSWER)
    assert mine.responded_at == scheme.clock.now()


def test_a_closed_concern_cannot_be_answered_again(scheme: Scheme) -> None:
    concern_id = raise_one(scheme, scheme.mentee())
    respond(scheme, concern_id, "closed")

    with pytest.raises(InvalidTransition):
        respond(scheme, concern_id, "in_progress")
    assert scheme.concerns.get(scheme.admin, concern_id).status == "closed"


def test_two_answers_at_once_cannot_both_land(scheme: Scheme) -> None:
    concern_id = raise_one(scheme, scheme.mentee())
    record = scheme.stores.concerns.get(concern_id)
    assert record is not None
    respond(scheme, concern_id)  # the other administrator's answer lands first

    answered = record.model_copy(update={"response": "late", "responded_by": "admin-2"})
    with pytest.raises(InvalidTransition):
        scheme.stores.concerns.answer(answered, seen=record.status, kept_until=None, notices=[])
    assert scheme.concerns.get(scheme.admin, concern_id).response == ANSWER


def test_a_closed_concern_is_kept_for_the_years_the_template_says(scheme: Scheme) -> None:
    concern_id = raise_one(scheme, scheme.mentee())
    respond(scheme, concern_id, "closed")

    item = scheme.stores.table.get(("CONCERN#" + concern_id, "CONCERN"))
    assert item is not None
    kept = int(item["expires_at"]) - int(scheme.clock.now().timestamp())
    assert kept == 365 * 6 * 24 * 3600  # ConcernKeptYears' default


def test_the_administrator_lists_by_status_and_every_read_is_audited(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    answered, still_open = raise_one(scheme, mentee), raise_one(scheme, mentee)
    respond(scheme, answered)

    with captured_logs() as logs:
        listed = scheme.concerns.every(scheme.admin, None, PageRequest())
        open_ones = scheme.concerns.every(scheme.admin, ConcernStatus.OPEN, PageRequest())
        one = scheme.concerns.get(scheme.admin, answered)

    assert {c.concern_id for c in listed.items} == {answered, still_open}
    assert [c.concern_id for c in open_ones.items] == [still_open]
    assert one.raiser_name.startswith("Dr Mentee")
    audits = [json.loads(line) for line in logs.getvalue().splitlines()]
    assert [(a["admin_id"], sorted(a["concern_ids"])) for a in audits] == [
        ("admin", sorted([answered, still_open])),
        ("admin", [still_open]),
        ("admin", [answered]),
    ]
    assert all(a["audit"] is True for a in audits)


def test_only_the_administrator_reads_or_answers_concerns(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    concern_id = raise_one(scheme, mentee)
    for caller in (mentee, scheme.mentor()):
        with pytest.raises(Forbidden):
            scheme.concerns.every(caller, None, PageRequest())
        with pytest.raises(Forbidden):
            scheme.concerns.get(caller, concern_id)
        with pytest.raises(Forbidden):
            scheme.concerns.respond(
                caller,
                concern_id,
                ConcernResponse.model_validate({"response": "x", "status": "closed"}),
            )
    with pytest.raises(NotFound):
        scheme.concerns.get(scheme.admin, "no-such-concern")


def test_no_concern_text_reaches_a_log_line(scheme: Scheme) -> None:
    with captured_logs() as logs:
        concern_id = raise_one(scheme, scheme.mentee())
        respond(scheme, concern_id, "closed")
        scheme.concerns.get(scheme.admin, concern_id)
        scheme.deliver_notifications()

    assert concern_id in logs.getvalue()
    assert "CONFIDENTIAL" not in logs.getvalue()


def test_export_includes_the_concerns_a_person_raised(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    concern_id = raise_one(scheme, mentee)
    respond(scheme, concern_id)

    (exported,) = scheme.privacy.export(mentee)["concerns_raised"]

    assert (exported["concern_id"], exported["description"]) == (concern_id, WORDS)
    assert (exported["status"], exported["response"]) == ("in_progress", ANSWER)
    assert exported["created_at"] == "2026-11-25T10:30:00Z"


def test_erasure_keeps_the_concern_without_its_raiser(scheme: Scheme) -> None:
    mentee = scheme.mentee("Dr Amara Obi")
    concern_id = raise_one(scheme, mentee)

    scheme.privacy.erase(mentee)

    kept = scheme.concerns.get(scheme.admin, concern_id)
    assert (kept.raiser_id, kept.raiser_name) == ("erased", "Former participant")
    assert kept.description == WORDS
    stored = scheme.stores.table.get(("CONCERN#" + concern_id, "CONCERN"))
    assert stored is not None
    assert str(mentee.email) not in json.dumps(stored, default=str)
    assert "Amara" not in json.dumps(stored, default=str)
    assert scheme.stores.personal_data.everything_about(mentee.user_id).concerns == []
