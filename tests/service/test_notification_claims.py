"""A notification is claimed before its email goes: a claim is recognised as its own when
retried, and one whose sender died is put back on the stream by the schedule, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentoring.data.keys import notification_key
from mentoring.data.outbox import notification_item
from mentoring.mail.kinds.match_requests import request_withdrawn
from mentoring.observability import metrics
from mentoring.services.ports import Claim
from tests.support.records import request_record
from tests.support.scheme import Scheme

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # the scheme's clock
LEASE = timedelta(minutes=2)


def a_pending_notification(scheme: Scheme) -> str:
    (notice,) = request_withdrawn(request_record(request_id="claims-test"), NOW)
    scheme.stores.table.put(notification_item(notice))
    return notice.notice_id


def status(scheme: Scheme, notice_id: str) -> str:
    item = scheme.stores.table.get(notification_key(notice_id))
    assert item is not None
    return str(item["status"])


def test_a_claim_repeated_by_its_own_sender_is_still_taken(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = a_pending_notification(scheme)

    assert store.claim(notice_id, NOW, LEASE, by="first") is Claim.TAKEN
    # The first call's answer was lost and the call retried: still ours, not "in hand".
    assert store.claim(notice_id, NOW, LEASE, by="first") is Claim.TAKEN
    assert store.claim(notice_id, NOW, LEASE, by="second") is Claim.IN_HAND
    assert store.claim(notice_id, NOW + LEASE * 2, LEASE, by="second") is Claim.TAKEN


def test_a_notification_whose_sender_died_is_sent_by_the_next_morning_run(
    scheme: Scheme,
) -> None:
    notice_id = a_pending_notification(scheme)
    # Claimed by a sender that never finished (a timeout between claim and send); the
    # stream's own retries find it in hand while the claim lasts, and give up.
    scheme.stores.notifications.claim(notice_id, NOW, LEASE, by="lost")
    assert scheme.mailer.sent == []
    assert status(scheme, notice_id) == "sending"

    next_morning = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    scheme.fixed_clock.current = next_morning
    scheme.reminders.run(next_morning)
    scheme.reminders.run(next_morning + timedelta(days=1))

    assert [email.subject for email in scheme.mailer.sent] == ["A match request has been withdrawn"]
    assert status(scheme, notice_id) == "sent"


def test_a_claim_still_held_is_left_to_its_sender(scheme: Scheme) -> None:
    notice_id = a_pending_notification(scheme)
    scheme.stores.notifications.claim(notice_id, NOW, LEASE, by="sending now")

    # A run for a later time (a replay, or a test's clock) while the sender is still at work:
    # the lease is judged by the clock, so the email is not put back to go twice.
    scheme.reminders.run(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))

    assert scheme.mailer.sent == []
    assert status(scheme, notice_id) == "sending"


def test_an_email_parked_twice_is_put_back_by_every_run_until_it_is_sent(scheme: Scheme) -> None:
    """SES fails through the stream's retries and through the next run's redrive too; once it
    recovers, the run after that sends the email, once."""
    scheme.mailer.failing_kinds.add("*")
    notice_id = a_pending_notification(scheme)
    scheme.deliver_notifications()  # every retry fails: parked
    assert status(scheme, notice_id) == "failed"

    first_run = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    scheme.fixed_clock.current = first_run
    scheme.reminders.run(first_run)  # put back, and SES still fails: parked again
    scheme.deliver_notifications()
    assert status(scheme, notice_id) == "failed"

    scheme.mailer.failing_kinds.clear()  # SES is back
    second_run = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    scheme.fixed_clock.current = second_run
    scheme.reminders.run(second_run)
    scheme.reminders.run(second_run)  # the same run again sends nothing twice

    assert [email.subject for email in scheme.mailer.sent] == ["A match request has been withdrawn"]
    assert status(scheme, notice_id) == "sent"


def test_a_parked_email_keeps_its_attempts_and_last_error(scheme: Scheme) -> None:
    scheme.mailer.failing_kinds.add("*")
    notice_id = a_pending_notification(scheme)
    scheme.deliver_notifications()

    item = scheme.stores.table.get(notification_key(notice_id))
    assert item is not None
    assert int(item["attempts"]) >= 2
    assert item["last_error"] == "Throttling"  # what SES said, never the content


def test_the_run_counts_what_is_still_parked_and_how_long_the_oldest_has_waited(
    scheme: Scheme,
) -> None:
    scheme.mailer.failing_kinds.add("*")
    a_pending_notification(scheme)  # written at NOW
    scheme.deliver_notifications()
    two_days_on = NOW + timedelta(days=2)
    scheme.fixed_clock.current = two_days_on
    metrics.clear_metrics()

    scheme.reminders.run(two_days_on)

    assert metrics.metric_set["NotificationsParked"]["Value"] == [1]
    assert metrics.metric_set["OldestParkedNotificationAge"]["Value"] == [2 * 24 * 3600]
    metrics.clear_metrics()
