"""Every kind of email is complete: registered once, made by a builder from the records a
change touches, and written in both parts (plain text and HTML) with the scheme's sign-off.

A kind added without a builder here, or without words of its own, fails these tests rather
than the first send (mentoring.mail.kinds says how to add one)."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from mentoring.config import SchemeRules
from mentoring.mail import kinds
from mentoring.mail.compose import Context
from mentoring.mail.notices import KINDS, Notice
from mentoring.mail.render import render
from tests.support.emails import every_builder

ADMIN = "admin@example.org"
CONTEXT = Context(
    rules=SchemeRules.model_validate(os.environ),
    admin_email=ADMIN,
    links=lambda request_id, respond_by: (f"https://x/a/{request_id}", f"https://x/d/{request_id}"),
)


def test_every_kind_is_made_by_a_builder() -> None:
    made = {notice.kind for notice in every_builder()}

    assert made == set(KINDS), "a kind no builder makes, or a builder missing from this test"


def test_every_kind_area_is_imported_by_the_package() -> None:
    assert {kind.__module__ for kind in KINDS.values()} == {area.__name__ for area in kinds.AREAS}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_writes_its_own_email(kind: str) -> None:
    assert not KINDS[kind].__abstractmethods__, f"{kind} has no words (write) of its own"


@pytest.mark.parametrize("notice", every_builder(), ids=lambda notice: notice.kind)
def test_every_kind_renders_both_parts_with_the_sign_off(notice: Notice) -> None:
    email = render(notice, CONTEXT)

    assert email.subject
    assert email.text.strip().endswith("Yorkshire and Humber" if notice.to_administrator else ADMIN)
    assert email.html.startswith("<!doctype html>")
    assert email.subject.replace("'", "&#x27;") in email.html
    assert email.kind == notice.kind
    assert email.to == ((ADMIN,) if notice.to_administrator else notice.to)


@pytest.mark.parametrize("notice", every_builder(), ids=lambda notice: notice.kind)
def test_every_notice_reads_back_from_its_stored_form_as_its_own_kind(notice: Notice) -> None:
    stored = notice.model_dump(mode="json")

    read = Notice.model_validate(stored)

    assert read == notice
    assert type(read.facts) is KINDS[notice.kind]
    assert isinstance(read.created_at, datetime)
