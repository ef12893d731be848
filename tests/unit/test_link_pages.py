"""The pages behind the emailed links say plainly what happened."""

from __future__ import annotations

import os

from mentoring.api.link_pages import LinkPages
from mentoring.config import SchemeRules
from mentoring.errors import BadRequest, Gone, InvalidTransition, ServiceUnavailable

ADMIN = "scheme.admin@example.org"
problem_page = LinkPages(ADMIN, SchemeRules.model_validate(os.environ)).problem


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


def test_an_outage_asks_to_try_again_and_a_page_always_says_whom_to_ask() -> None:
    status, page = problem_page(ServiceUnavailable())
    assert status == 503
    assert "<h1>Please try again in a moment</h1>" in page
    assert f'<a href="mailto:{ADMIN}">{ADMIN}</a>' in page


def test_a_message_is_shown_as_text_never_as_markup() -> None:
    _, page = problem_page(BadRequest("<script>alert(1)</script>"))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
