"""Raising a concern: a confidential route to the scheme administrator.

Any registered mentee or mentor can raise a concern (safeguarding, professional conduct,
wellbeing, other), about a match they are in or in general. The administrator is told that
one was raised (its id and category), the raiser that it arrived; the administrator answers
in the app and the raiser is told there is an update. The person a concern is about is never
told by the system. Its text never leaves the API: no email, log line, metric or error
message carries it. Every time the administrator reads concerns, an audit line records who
read which (ids only).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from mentoring.clock import Clock
from mentoring.domain.models import AdminConcernView, ConcernCreate, ConcernResponse, ConcernView
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import ConcernRecord, ConcernStatus
from mentoring.errors import NoSuchConcern, NoSuchMatch, NotRegistered
from mentoring.mail.kinds.concerns import concern_answered, concern_raised
from mentoring.observability import logger, metrics
from mentoring.services.ports import Concerns, MatchReader, ProfileReader


@dataclass(frozen=True, kw_only=True)
class ConcernService:
    concerns: Concerns
    profiles: ProfileReader
    matches: MatchReader
    clock: Clock
    kept_after_closing: timedelta

    def raise_concern(self, caller: Principal, body: ConcernCreate) -> ConcernView:
        mentee, mentor = (
            self.profiles.mentee(caller.user_id),
            self.profiles.mentor(caller.user_id),
        )
        profile = mentee or mentor
        if profile is None:
            raise NotRegistered()
        if body.about_match_id is not None:
            match = self.matches.get(body.about_match_id)
            if match is None or not match.is_party(caller.user_id):
                raise NoSuchMatch()
        now = self.clock.now()
        record = ConcernRecord(
            concern_id=str(uuid.uuid4()),
            raiser_id=caller.user_id,
            raiser_name=profile.name,
            raiser_email=profile.email or caller.email,
            category=body.category,
            description=body.description,
            about_match_id=body.about_match_id,
            status=ConcernStatus.OPEN,
            created_at=now,
        )
        self.concerns.add(record, concern_raised(record, now))
        logger.info("Concern raised", concern_id=record.concern_id, category=record.category)
        metrics.add_metric(name="ConcernRaised", unit="Count", value=1)
        return ConcernView.of(record)

    def mine(self, caller: Principal, page: PageRequest) -> Page[ConcernView]:
        found = self.concerns.of_raiser(caller.user_id, page)
        return Page[ConcernView](
            items=[ConcernView.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    # ---- the administrator -------------------------------------------------------------

    def every(
        self, caller: Principal, status: ConcernStatus | None, page: PageRequest
    ) -> Page[AdminConcernView]:
        caller.require_admin()
        found = self.concerns.every(status, page)
        _audit(caller, [record.concern_id for record in found.items])
        return Page[AdminConcernView](
            items=[AdminConcernView.of(record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get(self, caller: Principal, concern_id: str) -> AdminConcernView:
        caller.require_admin()
        record = self.concerns.get(concern_id)
        if record is None:
            raise NoSuchConcern()
        _audit(caller, [concern_id])
        return AdminConcernView.of(record)

    def respond(
        self, caller: Principal, concern_id: str, body: ConcernResponse
    ) -> AdminConcernView:
        caller.require_admin()
        record = self.concerns.get(concern_id)
        if record is None:
            raise NoSuchConcern()
        _audit(caller, [concern_id])
        now = self.clock.now()
        closed = body.status is ConcernStatus.CLOSED
        answered = record.model_copy(
            update={
                "response": body.response,
                "status": ConcernStatus(body.status),
                "responded_at": now,
                "responded_by": caller.user_id,
            }
        )
        self.concerns.answer(
            answered,
            seen=record.status,
            kept_until=now + self.kept_after_closing if closed else None,
            notices=concern_answered(record, closed, now),
        )
        logger.info("Concern answered", concern_id=concern_id, status=answered.status)
        metrics.add_metric(name="ConcernAnswered", unit="Count", value=1)
        return AdminConcernView.of(answered)


def _audit(caller: Principal, concern_ids: list[str]) -> None:
    """Who read which concerns: ids only, never their text."""
    logger.info(
        "Administrator read concerns",
        audit=True,
        admin_id=caller.user_id,
        concern_ids=concern_ids,
    )
