"""Sending notifications (functions/notifications): render each and send it, exactly once.

Each arrives from the table's stream as the item the outbox wrote. It is claimed first (a
conditional write), so a retried or replayed batch, or two senders at once, never send it
twice; a failed send frees it for the stream's retry and raises, so only that record is
retried. After its retries a record is parked (dead-letter queue, alarm); the next morning's
schedule puts each parked notification back on the stream once (`redrive`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from pydantic import ValidationError

from mentoring.clock import Clock
from mentoring.config import SchemeRules
from mentoring.domain.action_links import Action, ActionTokens
from mentoring.domain.working_days import deadline_after
from mentoring.mail import kinds  # noqa: F401 - registers every kind of email, to read them
from mentoring.mail.compose import Context
from mentoring.mail.message import EmailNotSent
from mentoring.mail.notices import Notice
from mentoring.mail.render import render
from mentoring.observability import logger, metrics
from mentoring.services.ports import Claim, Mailer, NotificationClaims

# Longer than the notifications function may run, so a live sender's claim never runs out.
CLAIM_LEASE = timedelta(minutes=2)
# Why a notification was set aside.
UNREADABLE = "unreadable"
NO_RECIPIENT = "no_recipient"


class NotificationNotSent(Exception):
    """This notification could not be sent now; the stream retries its record."""


class NotificationInHand(NotificationNotSent):
    """Another sender holds it: retried later, when it is sent or the claim has run out."""


@dataclass(frozen=True, kw_only=True)
class Deliveries:
    claims: NotificationClaims
    mailer: Mailer
    context: Context
    clock: Clock

    def deliver(self, image: Mapping[str, Any]) -> bool:
        """Send the notification a stream record carries; False if there was nothing to send
        (not a notification, or sent before)."""
        if image.get("entity") != "notification":
            return False
        try:
            notice = Notice.model_validate(image)
        except ValidationError:
            self._set_aside(str(image.get("notice_id") or ""), UNREADABLE)
            return False
        if not notice.has_recipient:
            self._set_aside(notice.notice_id, NO_RECIPIENT)
            return False
        # Our own mark on the claim: a claim retried after its answer was lost is still ours.
        claim = self.claims.claim(notice.notice_id, self.clock.now(), CLAIM_LEASE, uuid4().hex)
        if claim in (Claim.ALREADY_SENT, Claim.GONE):
            logger.info("Notification already sent", notice_id=notice.notice_id, claim=claim)
            metrics.add_metric(name="NotificationDuplicateSkipped", unit="Count", value=1)
            return False
        if claim is Claim.IN_HAND:
            raise NotificationInHand(notice.notice_id)
        try:
            self.mailer.send(render(notice, self.context))
        except Exception as error:
            # Whatever went wrong, the claim is given back, so the stream's retry can take it.
            reason = error.reason if isinstance(error, EmailNotSent) else type(error).__name__
            self.claims.mark_failed(notice.notice_id, self.clock.now(), reason)
            logger.warning(
                "Notification not sent",
                notice_id=notice.notice_id,
                notice_kind=notice.kind,
                error_type=type(error).__name__,
            )
            if not isinstance(error, EmailNotSent):
                raise
            raise NotificationNotSent(notice.notice_id) from None
        self.claims.mark_sent(notice.notice_id, self.clock.now())
        return True

    def _set_aside(self, notice_id: str, reason: str) -> None:
        """A notification that can never be sent as it stands (written by a broken or older
        writer, or to nobody) is parked as failed with its reason and counted: never left
        pending, never marked sent, never retried."""
        logger.error("Notification cannot be sent", notice_id=notice_id, reason=reason)
        metrics.add_metric(name="NotificationSetAside", unit="Count", value=1)
        if notice_id:
            self.claims.set_aside(notice_id, self.clock.now(), reason)


def answer_links(
    tokens: ActionTokens,
    rules: SchemeRules,
    base_url: str,
    request_id: str,
    respond_by: datetime,
) -> tuple[str, str]:
    """Accept and decline links for a request, signed now, valid until it would expire."""
    expires_at = deadline_after(respond_by, rules.expire_after_working_days)
    accept = tokens.issue(request_id, Action.ACCEPT, expires_at)
    decline = tokens.issue(request_id, Action.DECLINE, expires_at)
    return f"{base_url}/actions/{accept}", f"{base_url}/actions/{decline}"


def send_batch(
    deliveries: Deliveries, event: dict[str, Any], context: Any = None
) -> PartialItemFailureResponse:
    """One stream batch: each record delivered on its own; the failed ones reported, so only
    they are retried (Powertools' partial batch response)."""

    def send(record: DynamoDBRecord) -> None:
        image = record.dynamodb.new_image if record.dynamodb else None
        if image:
            deliveries.deliver(image)

    return process_partial_response(
        event=event,
        record_handler=send,
        # Even when every record failed, each is reported (not one error for the batch), so
        # the mapping retries from the first failure and the function's own error count stays
        # for real faults.
        processor=BatchProcessor(
            event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False
        ),
        context=context,
    )
