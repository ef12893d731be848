"""The two waiting-list emails, as the mentee reads them."""

from __future__ import annotations

from datetime import UTC, datetime

from mentoring.mail.kinds.waiting_lists import offer_lapsed, place_offered
from mentoring.mail.render import render
from tests.support.records import MENTEE_EMAIL, NOW, waiting_entry
from tests.unit.test_notifications import CONTEXT

HELD_UNTIL = datetime(2026, 11, 27, 23, 59, 59, tzinfo=UTC)


def test_an_offer_says_whose_place_until_when_and_how_to_take_it_up() -> None:
    (notice,) = place_offered(waiting_entry(), HELD_UNTIL, NOW)
    email = render(notice, CONTEXT)

    assert email.to == (MENTEE_EMAIL,)
    assert email.subject == "A place with Dr Ngozi Adeyemi is held for you"
    assert "Dear Dr Kofi Boateng" in email.text
    assert "held for you until 11:59pm on Friday 27 November 2026" in email.text
    assert "send Dr Ngozi Adeyemi a match request from their profile in the app" in email.text
    assert "leave the waiting list and it passes to the next mentee in line" in email.text


def test_a_lapse_says_the_place_passed_on_and_what_the_mentee_can_do() -> None:
    (notice,) = offer_lapsed(waiting_entry(status="offered", offer_expires_at=HELD_UNTIL), NOW)
    email = render(notice, CONTEXT)

    assert email.subject == "Your place with Dr Ngozi Adeyemi has passed on"
    assert "was not taken up in time" in email.text
    assert "you have left Dr Ngozi Adeyemi's waiting list" in email.text
    assert "join the waiting list again" in email.text


def test_an_offer_to_a_mentee_without_an_address_names_no_recipient() -> None:
    assert place_offered(waiting_entry(mentee_email=None), HELD_UNTIL, NOW)[0].to == ()
