"""Sending one notification, with its claims and mailer stood in for: what is sent, what is
set aside, what is retried, and what the logs and metrics say of each (never the email)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentoring.data.dynamo import to_raw
from mentoring.data.outbox import notification_item
from mentoring.domain.action_links import Action, ActionTokens
from mentoring.mail.kinds.match_requests import request_withdrawn
from mentoring.mail.message import Email, EmailNotSent
from mentoring.observability import metrics
from mentoring.services.deliveries import (
    CLAIM_LEASE,
    NO_RECIPIENT,
    UNREADABLE,
    Deliveries,
    NotificationInHand,
    NotificationNotSent,
    answer_links,
    send_batch,
)
from mentoring.services.ports import Claim
from tests.support.clock import FixedClock
from tests.support.logs import captured_logs
from tests.support.records import NOW, request_record
from tests.unit.test_notifications import CONTEXT, RULES


@dataclass
class Claims:
    """Stands in for the notification store: answers `answer`, remembers every call."""

    answer: Claim = Claim.TAKEN
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def claim(self, notice_id: str, now: datetime, lease: timedelta, by: str) -> Claim:
        self.calls.append(("claim", notice_id, now, lease))
        return self.answer

    def mark_sent(self, notice_id: str, now: datetime) -> None:
        self.calls.append(("sent", notice_id, now))

    def mark_failed(self, notice_id: str, now: datetime, error: str) -> None:
        self.calls.append(("failed", notice_id, now, error))

    def set_aside(self, notice_id: str, now: datetime, reason: str) -> bool:
        self.calls.append(("aside", notice_id, now, reason))
        return True


@dataclass
class Mailer:
    fails_with: Exception | None = None
    sent: list[Email] = field(default_factory=list)

    def send(self, email: Email) -> None:
        if self.fails_with is not None:
            raise self.fails_with
        self.sent.append(email)


def image(**changes: Any) -> dict[str, Any]:
    (notice,) = request_withdrawn(request_record(), NOW)
    stored: dict[str, Any] = json.loads(json.dumps(notification_item(notice)))
    return stored | changes


def deliveries(claims: Claims, mailer: Mailer | None = None) -> Deliveries:
    return Deliveries(
        claims=claims, mailer=mailer or Mailer(), context=CONTEXT, clock=FixedClock(NOW)
    )


@pytest.fixture(autouse=True)
def fresh_metrics() -> Any:
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def log_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_notification_is_claimed_sent_and_marked_sent() -> None:
    claims, mailer = Claims(), Mailer()
    notice = image()

    assert deliveries(claims, mailer).deliver(notice) is True

    assert [email.subject for email in mailer.sent] == ["A match request has been withdrawn"]
    assert claims.calls[0] == ("claim", notice["notice_id"], NOW, CLAIM_LEASE)
    assert claims.calls[1:] == [("sent", notice["notice_id"], NOW)]


def test_anything_but_a_notification_is_left_alone() -> None:
    claims = Claims()
    assert deliveries(claims).deliver({"entity": "match"}) is False
    assert claims.calls == []


@pytest.mark.parametrize("answer", [Claim.ALREADY_SENT, Claim.GONE])
def test_one_sent_before_or_gone_is_skipped_and_counted(answer: Claim) -> None:
    claims, mailer = Claims(answer), Mailer()
    notice = image()

    with captured_logs() as logs:
        assert deliveries(claims, mailer).deliver(notice) is False

    assert mailer.sent == []
    (line,) = log_lines(logs.getvalue())
    assert (line["message"], line["notice_id"], line["claim"]) == (
        "Notification already sent",
        notice["notice_id"],
        answer.value,
    )
    assert metrics.metric_set["NotificationDuplicateSkipped"]["Value"] == [1]
    assert metrics.metric_set["NotificationDuplicateSkipped"]["Unit"] == "Count"


def test_one_in_another_senders_hands_is_retried_later() -> None:
    notice = image()
    with pytest.raises(NotificationInHand) as raised:
        deliveries(Claims(Claim.IN_HAND)).deliver(notice)
    assert raised.value.args == (notice["notice_id"],)


def test_a_refused_send_frees_the_claim_with_ses_reason_and_is_retried() -> None:
    claims = Claims()
    notice = image()

    with captured_logs() as logs, pytest.raises(NotificationNotSent) as raised:
        deliveries(claims, Mailer(EmailNotSent("Throttling"))).deliver(notice)

    assert raised.value.args == (notice["notice_id"],)
    assert claims.calls[-1] == ("failed", notice["notice_id"], NOW, "Throttling")
    (line,) = log_lines(logs.getvalue())
    assert (line["message"], line["notice_id"], line["notice_kind"], line["error_type"]) == (
        "Notification not sent",
        notice["notice_id"],
        "request_withdrawn",
        "EmailNotSent",
    )


def test_an_unexpected_failure_frees_the_claim_and_is_raised_as_itself() -> None:
    claims = Claims()
    notice = image()

    with pytest.raises(TimeoutError):
        deliveries(claims, Mailer(TimeoutError("slow"))).deliver(notice)

    assert claims.calls[-1] == ("failed", notice["notice_id"], NOW, "TimeoutError")


def test_an_unreadable_notification_is_set_aside_and_counted() -> None:
    claims = Claims()
    broken = image(kind="no_such_kind")

    with captured_logs() as logs:
        assert deliveries(claims).deliver(broken) is False

    assert claims.calls == [("aside", broken["notice_id"], NOW, UNREADABLE)]
    (line,) = log_lines(logs.getvalue())
    assert (line["message"], line["notice_id"], line["reason"]) == (
        "Notification cannot be sent",
        broken["notice_id"],
        "unreadable",
    )
    assert metrics.metric_set["NotificationSetAside"]["Value"] == [1]
    assert metrics.metric_set["NotificationSetAside"]["Unit"] == "Count"


def test_one_without_even_an_id_is_counted_but_touches_nothing() -> None:
    claims = Claims()
    assert deliveries(claims).deliver({"entity": "notification"}) is False
    assert claims.calls == []
    assert metrics.metric_set["NotificationSetAside"]["Value"] == [1]


def test_one_addressed_to_nobody_is_set_aside_not_sent() -> None:
    claims, mailer = Claims(), Mailer()
    nobody = image(to=[])

    assert deliveries(claims, mailer).deliver(nobody) is False

    assert claims.calls == [("aside", nobody["notice_id"], NOW, NO_RECIPIENT)]
    assert mailer.sent == []


def test_answer_links_accept_and_decline_that_one_request_until_it_would_expire() -> None:
    tokens = ActionTokens(b"a-test-secret-that-is-long-enough-for-hmac-sha256!")
    respond_by = datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC)

    accept, decline = answer_links(tokens, RULES, "https://api.example.org/v1", "req-9", respond_by)

    claims = [
        tokens.read(link.removeprefix("https://api.example.org/v1/actions/"), NOW)
        for link in (accept, decline)
    ]
    assert [(c.request_id, c.action) for c in claims] == [
        ("req-9", Action.ACCEPT),
        ("req-9", Action.DECLINE),
    ]
    # Valid until the request would expire: five working days after its deadline.
    assert claims[0].expires_at == datetime(2026, 12, 9, 23, 59, 59, tzinfo=UTC)


def test_a_batch_reports_only_its_failed_records_and_skips_records_without_an_image() -> None:
    good, failing = image(), image(notice_id="fails")
    event = {
        "Records": [
            {"eventID": "1", "dynamodb": {"NewImage": _raw(good), "SequenceNumber": "1"}},
            {"eventID": "2", "eventName": "REMOVE"},
            {"eventID": "3", "dynamodb": {"NewImage": _raw(failing), "SequenceNumber": "3"}},
        ]
    }

    class FailsOne(Mailer):
        def send(self, email: Email) -> None:
            if len(self.sent) == 1:
                raise EmailNotSent("Throttling")
            super().send(email)

    answer = send_batch(deliveries(Claims(), FailsOne()), event)

    assert answer == {"batchItemFailures": [{"itemIdentifier": "3"}]}


def _raw(item: dict[str, Any]) -> dict[str, Any]:
    return dict(to_raw(item))
