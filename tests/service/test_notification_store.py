"""The notification store's writes, item by item: what each step of a notification's life
keeps, removes and counts, as the next sender, the schedule and an erasure find it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from mentoring.data.keys import UNSENT_NOTIFICATIONS, notification_key
from mentoring.data.notifications import KEEP_SENT
from mentoring.data.outbox import notification_item
from mentoring.data.table import Update
from mentoring.mail.kinds.match_requests import request_accepted, request_withdrawn
from tests.support.logs import captured_logs
from tests.support.records import MENTEE_EMAIL, MENTOR_EMAIL, request_record
from tests.support.scheme import Scheme

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
LEASE = timedelta(minutes=2)
LATER = NOW + timedelta(hours=2)  # the claims above have run out by then


def written(scheme: Scheme, at: datetime = NOW, request_id: str = "store-test") -> str:
    (notice,) = request_withdrawn(request_record(request_id=request_id), at)
    scheme.stores.table.put(notification_item(notice))
    return notice.notice_id


def item(scheme: Scheme, notice_id: str) -> dict[str, Any]:
    found = scheme.stores.table.get(notification_key(notice_id))
    assert found is not None
    return found


def test_each_claim_counts_one_attempt(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)

    store.claim(notice_id, NOW, LEASE, by="first")
    assert item(scheme, notice_id)["attempts"] == 1
    store.mark_failed(notice_id, NOW, "Throttling")
    store.claim(notice_id, NOW, LEASE, by="second")
    assert item(scheme, notice_id)["attempts"] == 2


def test_a_sent_notification_keeps_only_that_and_when_for_three_days(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="sender")

    store.mark_sent(notice_id, NOW)

    sent = item(scheme, notice_id)
    assert (sent["status"], sent["sent_at"]) == ("sent", "2026-11-25T10:30:00Z")
    assert sent["expires_at"] == int((NOW + KEEP_SENT).timestamp())
    assert timedelta(days=3) == KEEP_SENT
    gone = {"to", "facts", "about", "lease_until", "claimed_by", "GSI3PK", "GSI3SK"}
    assert not gone & set(sent)


def test_a_failed_send_frees_the_claim_and_says_when_and_why(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="sender")

    store.mark_failed(notice_id, NOW, "MessageRejected")

    failed = item(scheme, notice_id)
    assert (failed["status"], failed["failed_at"], failed["last_error"]) == (
        "failed",
        "2026-11-25T10:30:00Z",
        "MessageRejected",
    )
    assert not {"lease_until", "claimed_by"} & set(failed)
    assert failed["GSI3PK"] == UNSENT_NOTIFICATIONS  # still waiting to be sent


def test_a_lost_claim_leaves_the_other_senders_word_and_says_so(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="slow")
    store.claim(notice_id, NOW + LEASE * 2, LEASE, by="fast")
    store.mark_sent(notice_id, NOW + LEASE * 2)

    with captured_logs() as logs:
        store.mark_failed(notice_id, NOW + LEASE * 3, "Throttling")

    assert item(scheme, notice_id)["status"] == "sent"
    (line,) = [json.loads(text) for text in logs.getvalue().splitlines()]
    assert (line["message"], line["notice_id"]) == ("Notification claim lost", notice_id)


def test_a_notification_set_aside_loses_its_words_and_leaves_the_unsent_list(
    scheme: Scheme,
) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)  # never claimed: unreadable from the start

    assert store.set_aside(notice_id, NOW, "unreadable") is True

    aside = item(scheme, notice_id)
    assert (aside["status"], aside["failed_at"], aside["failure_reason"]) == (
        "failed",
        "2026-11-25T10:30:00Z",
        "unreadable",
    )
    gone = {"to", "facts", "about", "lease_until", "claimed_by", "GSI3PK", "GSI3SK"}
    assert not gone & set(aside)
    assert list(store.unsent_before(LATER, LATER)) == []


def test_a_sent_notification_is_never_set_aside(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="sender")
    store.mark_sent(notice_id, NOW)

    assert store.set_aside(notice_id, NOW, "unreadable") is False
    assert item(scheme, notice_id)["status"] == "sent"


def test_the_schedule_finds_failed_and_abandoned_ones_written_before_its_time(
    scheme: Scheme,
) -> None:
    store = scheme.stores.notifications
    failed, abandoned, live, pending = (written(scheme, request_id=f"r{n}") for n in range(4))
    for notice_id in (failed, abandoned):
        store.claim(notice_id, NOW, LEASE, by="sender")
    store.mark_failed(failed, NOW, "Throttling")
    store.claim(live, LATER, LEASE, by="live sender")
    too_new = written(scheme, at=LATER, request_id="too-new")
    store.claim(too_new, NOW, LEASE, by="sender")
    store.mark_failed(too_new, NOW, "Throttling")

    found = {parked.notice_id for parked in store.unsent_before(LATER, LATER)}

    assert found == {failed, abandoned}
    assert pending not in found


def test_a_claim_is_abandoned_only_once_its_lease_has_run_out(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="sender")
    lease_ends = NOW + LEASE

    assert list(store.unsent_before(LATER, lease_ends)) == []
    assert [p.notice_id for p in store.unsent_before(LATER, lease_ends + LEASE)] == [notice_id]


def test_a_claim_without_a_lease_counts_as_abandoned(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    store.claim(notice_id, NOW, LEASE, by="sender")
    # Damaged, or written by a sender from before leases: nothing would ever put it back.
    scheme.stores.table.update(notification_key(notice_id), Update(remove=("lease_until",)))

    assert [p.notice_id for p in store.unsent_before(LATER, NOW)] == [notice_id]


def test_each_redrive_puts_it_back_pending_and_counts_once(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    notice_id = written(scheme)
    for attempt in (1, 2):
        store.claim(notice_id, NOW, LEASE, by="sender")
        store.mark_failed(notice_id, NOW, "Throttling")
        assert store.redrive(notice_id, LATER, LATER) is True
        back = item(scheme, notice_id)
        assert (back["status"], back["redrives"]) == ("pending", attempt)
        assert back["redriven_at"] == "2026-11-25T12:30:00Z"
    store.claim(notice_id, NOW, LEASE, by="abandoned")
    assert store.redrive(notice_id, LATER, LATER) is True
    assert not {"lease_until", "claimed_by"} & set(item(scheme, notice_id))


def test_a_sent_or_live_notification_is_not_redriven(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    sent, live = written(scheme, request_id="sent"), written(scheme, request_id="live")
    store.claim(sent, NOW, LEASE, by="sender")
    store.mark_sent(sent, NOW)
    store.claim(live, LATER, LEASE, by="sender")

    assert store.redrive(sent, LATER, LATER) is False
    assert store.redrive(live, LATER, LATER) is False
    assert item(scheme, live)["status"] == "sending"


def test_erasure_forgets_each_unsent_one_carrying_the_person_and_counts_them(
    scheme: Scheme,
) -> None:
    store = scheme.stores.notifications
    request = request_record(request_id="erasure")
    to_mentee, to_mentor = request_accepted(request, NOW)  # each carries the other's address
    for notice in (to_mentee, to_mentor):
        scheme.stores.table.put(notification_item(notice))
    unrelated = written(scheme, request_id="someone-else")
    scheme.stores.table.update(
        notification_key(unrelated), Update(set={"about": ["mentor-9"], "to": ["x@example.org"]})
    )
    # From before notifications named whom they were about: only the address tells.
    for notice in (to_mentee, to_mentor):
        scheme.stores.table.update(notification_key(notice.notice_id), Update(remove=("about",)))

    forgotten = store.forget_unsent_about("mentee-1", [MENTEE_EMAIL])

    assert forgotten == 2  # the mentee's own, and the mentor's, which names the mentee
    assert scheme.stores.table.get(notification_key(unrelated)) is not None
    assert store.forget_unsent_about("mentee-1", [MENTEE_EMAIL]) == 0
    assert MENTOR_EMAIL not in str(scheme.stores.table.get(notification_key(unrelated)))


def test_erasure_finds_the_introduction_by_its_contact_address_alone(scheme: Scheme) -> None:
    store = scheme.stores.notifications
    _, to_mentor = request_accepted(request_record(request_id="intro"), NOW)
    scheme.stores.table.put(notification_item(to_mentor))
    scheme.stores.table.update(notification_key(to_mentor.notice_id), Update(remove=("about",)))

    assert store.forget_unsent_about("mentee-1", [MENTEE_EMAIL]) == 1
    assert scheme.stores.table.get(notification_key(to_mentor.notice_id)) is None
