"""Mentors in good standing, through the services on moto: training that lapses and is renewed,
supervision that falls due, a new Code of Practice announced and agreed, and what a lapse
changes (the directory, requests), each told once however often the schedule runs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from mentoring.domain.models import MatchRequestCreate, MenteeRegistration, MentorApplication
from mentoring.domain.paging import PageRequest
from mentoring.domain.standing import Standing
from mentoring.domain.standing_views import (
    CodeAgreement,
    CodePublication,
    SupervisionCreate,
    TrainingCreate,
)
from mentoring.errors import (
    CodeOfPracticeNotAgreed,
    Forbidden,
    Ineligible,
    MentorUnavailable,
    NotCurrentVersion,
    NotFound,
    ValidationFailed,
    VersionExists,
)
from tests.support.bodies import mentee_body, mentor_body
from tests.support.clock import first_run_after
from tests.support.scheme import Scheme

# Trained on 10 January 2025: valid until 10 January 2027, warned from 11 December 2026.
TRAINED = "2025-01-10"
WARNED = datetime(2026, 12, 11, 8, 0, tzinfo=UTC)  # a Friday
LAPSED = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)  # a Monday
REFRESHER = TrainingCreate(course="refresher", completed_on=date(2026, 1, 1))


def no_time() -> float:
    return 0.0


def plenty() -> float:
    return 1000.0


def publish(scheme: Scheme, version: str = "2026.2", time_left: Any = plenty) -> Any:
    body = CodePublication(
        version=version,
        url=f"https://example.org/code/{version}",
        summary="Clearer guidance on confidentiality.",
    )
    return scheme.standing.publish(scheme.admin, body, time_left)


def at(scheme: Scheme, moment: datetime) -> None:
    scheme.fixed_clock.current = moment


# ---- a mentor's training ---------------------------------------------------------------


def test_an_application_keeps_its_trainings_validity_and_is_in_good_standing(
    scheme: Scheme,
) -> None:
    mentor = scheme.mentor(training_completed_on=TRAINED)

    view = scheme.standing.me(mentor)

    assert view.standing is Standing.GOOD
    assert view.training is not None
    assert (view.training.completed_on, view.training.valid_until) == (
        date(2025, 1, 10),
        date(2027, 1, 10),
    )
    assert view.supervision is not None
    assert view.supervision.due_by == date(2027, 5, 25)  # approved 25 November 2026
    assert view.code_of_practice.agree_by is None


def test_training_too_long_ago_is_ineligible(scheme: Scheme) -> None:
    applicant = scheme.principal_of("late-applicant")
    body = MentorApplication.model_validate(mentor_body(training_completed_on="2024-11-24"))
    with pytest.raises(Ineligible) as refused:
        scheme.registration.apply_as_mentor(applicant, body)
    assert refused.value.details[0]["code"] == "training_expired"


def test_training_falls_due_then_lapses_each_told_once(scheme: Scheme) -> None:
    mentor = scheme.mentor("Dr Priya Nair", training_completed_on=TRAINED)

    at(scheme, WARNED)
    first = scheme.reminders.run(WARNED)
    again = scheme.reminders.run(WARNED)

    assert (first.standing_notices, again.standing_notices) == (1, 0)
    assert scheme.standing.me(mentor).standing is Standing.DUE
    due = scheme.mailer.last("standing_due")
    assert due.to == (mentor.email,)
    assert "renew your peer mentoring training" in due.text
    assert "by Sunday 10 January 2027" in due.text
    assert scheme.directory.get(mentor.user_id).available  # due is still listed

    at(scheme, LAPSED)
    lapsed = scheme.reminders.run(LAPSED)
    assert scheme.reminders.run(LAPSED).standing_lapsed == 0

    assert lapsed.standing_lapsed == 1
    assert scheme.standing.me(mentor).standing is Standing.LAPSED
    assert scheme.mailer.last("standing_lapsed").to == (mentor.email,)
    assert "Dr Priya Nair" in scheme.mailer.last("mentor_lapsed").subject
    assert [e.kind for e in scheme.mailer.sent].count("standing_lapsed") == 1
    with pytest.raises(NotFound):
        scheme.directory.get(mentor.user_id)
    with pytest.raises(MentorUnavailable):
        scheme.request(scheme.mentee(), mentor)


def test_a_refresher_puts_a_lapsed_mentor_back_at_once(scheme: Scheme) -> None:
    mentor = scheme.mentor(training_completed_on=TRAINED)
    at(scheme, LAPSED)
    scheme.reminders.run(LAPSED)

    record = scheme.standing.record_training(
        scheme.admin,
        mentor.user_id,
        TrainingCreate(course="refresher", completed_on=date(2027, 1, 8)),
    )

    assert record.course == "refresher"
    view = scheme.standing.me(mentor)
    assert view.standing is Standing.GOOD
    assert view.training is not None
    assert view.training.valid_until == date(2029, 1, 8)
    assert scheme.directory.get(mentor.user_id).available
    assert scheme.request(scheme.mentee(), mentor).status == "pending"


def test_other_training_is_recorded_and_renews_nothing(scheme: Scheme) -> None:
    mentor = scheme.mentor(training_completed_on=TRAINED)
    scheme.standing.record_training(
        scheme.admin, mentor.user_id, TrainingCreate(course="other", completed_on=date(2026, 11, 1))
    )
    view = scheme.standing.me(mentor)
    assert view.training is not None
    assert view.training.valid_until == date(2027, 1, 10)
    exported = scheme.privacy.export(mentor)
    assert [t["course"] for t in exported["training"]] == ["other"]


def test_training_dates_and_people_are_checked(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    with pytest.raises(ValidationFailed):
        scheme.standing.record_training(
            scheme.admin,
            mentor.user_id,
            TrainingCreate(course="refresher", completed_on=date(2026, 11, 26)),
        )
    with pytest.raises(NotFound):
        scheme.standing.record_training(
            scheme.admin,
            "nobody",
            TrainingCreate(course="refresher", completed_on=date(2026, 1, 1)),
        )
    with pytest.raises(Forbidden):
        scheme.standing.record_training(
            mentor,
            mentor.user_id,
            TrainingCreate(course="refresher", completed_on=date(2026, 1, 1)),
        )


# ---- supervision -----------------------------------------------------------------------


def test_supervision_falls_due_and_attending_puts_it_right(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    due_run = first_run_after(datetime(2027, 5, 25, 12, 0, tzinfo=UTC))
    at(scheme, due_run)
    scheme.reminders.run(due_run)
    assert scheme.standing.me(mentor).standing is Standing.DUE
    assert "attend a supervision session" in scheme.mailer.last("standing_due").text

    session = scheme.standing.record_supervision(
        scheme.admin, SupervisionCreate(held_on=due_run.date(), attendees=[mentor.user_id])
    )

    view = scheme.standing.me(mentor)
    assert view.standing is Standing.GOOD
    assert view.supervision is not None
    assert view.supervision.last_attended_on == due_run.date()
    assert view.supervision.due_by == date(2027, 11, 26)
    attended = scheme.privacy.export(mentor)["supervision"]
    assert attended == [{"supervision_id": session.supervision_id, "held_on": "2027-05-26"}]


def test_a_supervision_naming_someone_not_a_mentor_records_nothing(scheme: Scheme) -> None:
    mentor, mentee = scheme.mentor(), scheme.mentee()
    with pytest.raises(ValidationFailed) as refused:
        scheme.standing.record_supervision(
            scheme.admin,
            SupervisionCreate(
                held_on=date(2026, 11, 20), attendees=[mentor.user_id, mentee.user_id]
            ),
        )
    assert [d["message"] for d in refused.value.details] == [f"{mentee.user_id} is not a mentor."]
    assert scheme.privacy.export(mentor)["supervision"] == []


# ---- the Code of Practice --------------------------------------------------------------


def test_a_new_code_is_announced_to_everyone_once_and_awaits_agreement(scheme: Scheme) -> None:
    mentee, mentor, both = scheme.mentee(), scheme.mentor(), scheme.mentee()
    scheme.become_mentor(both)

    code = publish(scheme)

    assert (code.version, code.agree_by) == ("2026.2", date(2026, 12, 25))
    assert scheme.registration.scheme().code_of_practice_version == "2026.2"
    told = [e.to for e in scheme.mailer.sent if e.kind == "code_of_practice_published"]
    assert sorted(told) == sorted([(mentee.email,), (mentor.email,), (both.email,)])
    view = scheme.standing.me(mentee)
    assert (view.standing, [r.code for r in view.reasons]) == (
        Standing.DUE,
        ["code_of_practice_not_agreed"],
    )
    assert view.code_of_practice.agree_by == date(2026, 12, 25)
    run = first_run_after(scheme.clock.now())
    assert scheme.reminders.run(run).standing_notices == 0  # the announcement told them


def test_a_version_is_published_once(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    publish(scheme)
    with pytest.raises(VersionExists):
        publish(scheme)
    with pytest.raises(VersionExists):
        publish(scheme, "2024.1")  # the template's first
    with pytest.raises(Forbidden):
        scheme.standing.publish(
            mentee,
            CodePublication(version="x", url="https://example.org/x"),
            plenty,
        )


def test_agreeing_to_the_current_code_puts_it_right(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    publish(scheme)

    with pytest.raises(NotCurrentVersion):
        scheme.standing.agree(mentee, CodeAgreement(version="2024.1"))
    view = scheme.standing.agree(mentee, CodeAgreement(version="2026.2"))

    assert view.standing is Standing.GOOD
    assert view.code_of_practice.agreed_version == "2026.2"


def test_registration_asks_for_the_current_code(scheme: Scheme) -> None:
    publish(scheme)
    person = scheme.principal_of("newcomer")
    with pytest.raises(Ineligible):
        scheme.registration.register_mentee(
            person, MenteeRegistration.model_validate(mentee_body())
        )
    body = mentee_body(code_of_practice_version="2026.2")
    assert scheme.registration.register_mentee(person, MenteeRegistration.model_validate(body))


def test_not_agreeing_in_time_lapses_mentees_and_mentors(scheme: Scheme) -> None:
    mentee, mentor, other = scheme.mentee(), scheme.mentor(), scheme.mentor()
    scheme.standing.agree(other, CodeAgreement(version="2024.1"))
    publish(scheme)
    scheme.standing.agree(other, CodeAgreement(version="2026.2"))
    after = first_run_after(datetime(2026, 12, 25, 23, 59, 59, tzinfo=UTC))
    at(scheme, after)

    summary = scheme.reminders.run(after)

    assert summary.standing_lapsed == 2
    with pytest.raises(CodeOfPracticeNotAgreed):
        scheme.requests.create(mentee, MatchRequestCreate(mentor_id=other.user_id))
    with pytest.raises(NotFound):
        scheme.directory.get(mentor.user_id)
    scheme.standing.agree(mentor, CodeAgreement(version="2026.2"))
    assert scheme.directory.get(mentor.user_id).available


def test_an_announcement_out_of_time_is_finished_by_the_schedule_once(scheme: Scheme) -> None:
    people = [scheme.mentee() for _ in range(3)]
    publish(scheme, time_left=no_time)
    assert [e for e in scheme.mailer.sent if e.kind == "code_of_practice_published"] == []

    run = first_run_after(scheme.clock.now())
    scheme.reminders.run(run)
    scheme.reminders.run(run)

    told = sorted(e.to for e in scheme.mailer.sent if e.kind == "code_of_practice_published")
    assert told == sorted((p.email,) for p in people)


def test_the_administrator_lists_mentors_by_standing(scheme: Scheme) -> None:
    lapsing = scheme.mentor(training_completed_on=TRAINED)
    scheme.mentor()
    at(scheme, LAPSED)
    scheme.reminders.run(LAPSED)

    lapsed = scheme.vetting.list_mentors(scheme.admin, None, PageRequest(), Standing.LAPSED)

    assert [m.mentor_id for m in lapsed.items] == [lapsing.user_id]
    assert lapsed.items[0].standing is Standing.LAPSED
