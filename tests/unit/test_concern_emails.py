"""The three concern emails, as their readers see them: never the concern's text or whom it is
about."""

from __future__ import annotations

import pytest

from mentoring.mail.kinds.concerns import concern_answered, concern_raised
from mentoring.mail.notices import Notice
from mentoring.mail.render import render
from tests.support.records import MENTEE_EMAIL, NOW, concern_record
from tests.unit.test_notifications import ADMIN, CONTEXT


def every_concern_email() -> list[Notice]:
    record = concern_record(response="PRIVATE-RESPONSE")
    return [
        *concern_raised(record, NOW),
        *concern_answered(record, True, NOW),
        *concern_answered(record, False, NOW),
    ]


def test_the_administrator_is_told_the_id_and_category_only() -> None:
    to_admin, acknowledgement = concern_raised(concern_record(), NOW)
    email = render(to_admin, CONTEXT)

    assert email.to == (ADMIN,)
    assert email.subject == "A concern has been raised (wellbeing)"
    assert "concern id concern-1" in email.text
    assert to_admin.about == ()  # names no one, so no erasure can withhold it
    assert "Dr Kofi Boateng" not in email.text
    assert render(acknowledgement, CONTEXT).to == (MENTEE_EMAIL,)


def test_the_raiser_is_told_it_arrived_and_where_to_turn_in_an_emergency() -> None:
    _, acknowledgement = concern_raised(concern_record(), NOW)
    text = render(acknowledgement, CONTEXT).text

    assert "Dear Dr Kofi Boateng" in text
    assert "seen by the administrator only" in text
    assert "contact your local safeguarding team or the emergency services" in text


@pytest.mark.parametrize(("closed", "words"), [(True, "closed the concern"), (False, "open")])
def test_an_answer_says_there_is_an_update_and_whether_it_is_closed(
    closed: bool, words: str
) -> None:
    (notice,) = concern_answered(concern_record(), closed, NOW)
    email = render(notice, CONTEXT)

    assert email.subject == "There is an update on your concern"
    assert words in email.text
    assert "sign in to the app to read their response" in email.text


@pytest.mark.parametrize("notice", every_concern_email(), ids=lambda n: n.kind)
def test_no_concern_email_carries_its_text_or_the_answer(notice: Notice) -> None:
    email = render(notice, CONTEXT)
    for words in ("PRIVATE-CONCERN-TEXT", "PRIVATE-RESPONSE", "match-1"):
        assert words not in email.subject + email.text + email.html
