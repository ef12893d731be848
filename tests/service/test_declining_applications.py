"""Declining a mentor application that was not selected: only while it waits, the applicant
told (with the reason), and approval still possible later."""

from __future__ import annotations

import pytest

from mentoring.domain.models import ApplicationDecline
from mentoring.errors import Forbidden, InvalidTransition, NotFound
from tests.support.scheme import Scheme


def test_an_application_is_declined_with_its_reason_and_the_applicant_told(
    scheme: Scheme,
) -> None:
    applicant = scheme.mentor("Dr Priya Nair", approve=False)

    declined = scheme.vetting.decline_application(
        scheme.admin,
        applicant.user_id,
        ApplicationDecline(reason="We have enough cardiologists this year."),
    )

    assert (declined.status, declined.declined_at) == ("declined", scheme.clock.now())
    email = scheme.mailer.last("application_declined")
    assert email.to == (applicant.email,)
    assert "Dear Dr Priya Nair" in email.text
    assert "has not been selected this time" in email.text
    assert "We have enough cardiologists this year." in email.text
    with pytest.raises(NotFound):
        scheme.directory.get(applicant.user_id)


def test_a_declined_application_may_still_be_approved(scheme: Scheme) -> None:
    applicant = scheme.mentor(approve=False)
    scheme.vetting.decline_application(scheme.admin, applicant.user_id, ApplicationDecline())

    approved = scheme.vetting.approve_mentor(scheme.admin, applicant.user_id)

    assert (approved.status, approved.declined_at) == ("approved", None)
    assert "gave this reason" not in scheme.mailer.last("application_declined").text


def test_only_a_waiting_application_is_declined_and_only_by_the_administrator(
    scheme: Scheme,
) -> None:
    approved = scheme.mentor()
    waiting = scheme.mentor(approve=False)
    with pytest.raises(InvalidTransition):
        scheme.vetting.decline_application(scheme.admin, approved.user_id, ApplicationDecline())
    with pytest.raises(Forbidden):
        scheme.vetting.decline_application(waiting, waiting.user_id, ApplicationDecline())
    with pytest.raises(NotFound):
        scheme.vetting.decline_application(scheme.admin, "nobody", ApplicationDecline())
