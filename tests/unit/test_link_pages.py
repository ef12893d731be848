"""The pages behind the emailed links say plainly what happened."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from mentoring.api.link_pages import LinkPages
from mentoring.config import SchemeRules
from mentoring.domain.action_links import Action, ActionClaim
from mentoring.errors import (
    BadRequest,
    Gone,
    InvalidTransition,
    RequestWithdrawn,
    ServiceUnavailable,
)
from mentoring.mail.styles import PRIMARY_BUTTON
from mentoring.wording import in_words
from tests.support.records import MENTEE_EMAIL, request_record

ADMIN = "scheme.admin@example.org"
pages = LinkPages(ADMIN, SchemeRules.model_validate(os.environ))
problem_page = pages.problem


def claim(action: Action) -> ActionClaim:
    return ActionClaim("req-1", action, datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC))


def test_a_link_that_is_not_ours_is_a_400_page_saying_so() -> None:
    status, page = problem_page(
        BadRequest("This link is not valid. Please use the link exactly as emailed.")
    )
    assert status == 400
    assert "<h1>This link is not valid</h1>" in page
    assert "Please use the link exactly as emailed." in page


def test_an_expired_link_or_request_is_a_410_page_saying_it_expired() -> None:
    status, page = problem_page(Gone("This link has expired."))
    assert status == 410
    assert "<h1>This request has expired</h1>" in page
    assert "This link has expired." in page


def test_an_answered_request_is_a_409_page() -> None:
    status, page = problem_page(InvalidTransition("This request has already been accepted."))
    assert status == 409
    assert "<h1>This request has already been answered</h1>" in page


def test_a_withdrawn_request_is_a_409_page_saying_it_was_withdrawn() -> None:
    status, page = problem_page(RequestWithdrawn())
    assert status == 409
    assert "<h1>This request was withdrawn</h1>" in page
    assert "already been answered" not in page
    assert "The mentee withdrew this request, so it needs no answer." in page


def test_the_mentees_message_keeps_its_line_breaks() -> None:
    written = request_record(message="Dear Dr Adeyemi,\nI am an F2 in Leeds.\n\nThank you")

    for action in (Action.ACCEPT, Action.DECLINE):
        page = pages.confirm(claim(action), written)
        assert "Dear Dr Adeyemi,<br>I am an F2 in Leeds.<br><br>Thank you" in page


def test_the_decline_page_has_one_primary_button() -> None:
    page = pages.confirm(claim(Action.DECLINE), request_record())

    assert page.count("<button") == 1
    assert f'<button type="submit" style="{PRIMARY_BUTTON}">Decline this request</button>' in page


def test_after_accepting_the_page_gives_the_mentees_contact_details() -> None:
    page = pages.done(claim(Action.ACCEPT), request_record())

    assert f'Please contact Dr Kofi Boateng at <a href="mailto:{MENTEE_EMAIL}">' in page
    assert f"up to {in_words(pages.rules.sessions_limit)} mentoring sessions" in page


def test_an_outage_asks_to_try_again_and_a_page_always_says_whom_to_ask() -> None:
    status, page = problem_page(ServiceUnavailable())
    assert status == 503
    assert "<h1>Please try again in a moment</h1>" in page
    assert f'<a href="mailto:{ADMIN}">{ADMIN}</a>' in page


def test_a_message_is_shown_as_text_never_as_markup() -> None:
    _, page = problem_page(BadRequest("<script>alert(1)</script>"))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
