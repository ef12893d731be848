"""Notifications being sent: each claimed before its email goes, so it goes once.

Access patterns (keys in mentoring.data.keys; items written by mentoring.data.outbox):

| pattern                               | where | key condition                              |
|---------------------------------------|-------|--------------------------------------------|
| one notification                      | table | PK = NOTIFICATION#<id>, SK = NOTIFICATION  |
| unsent ones, oldest first (redriving) | GSI3  | GSI3PK = NOTIFICATIONS#unsent, GSI3SK < t  |
| unsent ones (erasure)                 | GSI3  | GSI3PK = NOTIFICATIONS#unsent              |

Life of one: `pending` (written with its change; the stream delivers it) -> `sending` (claimed
by one sender for `lease`) -> `sent` (its address and words removed; the item itself goes
after a few days, once no replay of the stream can bring it back). A send that fails makes it
`failed` until a retry claims it again; a retry of a record already `sent` finds it so and
sends nothing. A claim whose sender died runs out and can be taken again; the schedule puts
failed and abandoned ones back on the stream at every run until they are sent.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime, timedelta

from mentoring.data.keys import UNSENT_NOTIFICATIONS, notification_key, stored_time
from mentoring.data.outbox import PENDING
from mentoring.data.table import ConditionFailed, Query, Table, Update
from mentoring.observability import logger
from mentoring.services.ports import Claim, Parked

SENDING = "sending"
SENT = "sent"
FAILED = "failed"
# Long enough that no replay of the stream (kept 24 hours) can find a sent one gone.
KEEP_SENT = timedelta(days=3)


class NotificationStore:
    def __init__(self, table: Table):
        self._table = table

    def claim(self, notice_id: str, now: datetime, lease: timedelta, by: str) -> Claim:
        """Take a notification to send it; `by` marks the claim as this sender's, so a claim
        repeated after its answer was lost (a retried call) is recognised as its own."""
        try:
            self._table.update(
                notification_key(notice_id),
                Update(
                    set={
                        "status": SENDING,
                        "lease_until": stored_time(now + lease),
                        "claimed_by": by,
                    },
                    add={"attempts": 1},
                    condition="#status IN (:pending, :failed) "
                    "OR (#status = :sending AND #lease_until < :now)",
                    values={
                        ":pending": PENDING,
                        ":failed": FAILED,
                        ":sending": SENDING,
                        ":now": stored_time(now),
                    },
                ),
            )
        except ConditionFailed as failure:
            old = failure.old_item
            if old is None:
                return Claim.GONE
            if old.get("status") == SENDING and old.get("claimed_by") == by:
                return Claim.TAKEN
            return Claim.ALREADY_SENT if old.get("status") == SENT else Claim.IN_HAND
        return Claim.TAKEN

    def mark_sent(self, notice_id: str, now: datetime) -> None:
        """Sent: keep only that it was (and when), for replays to find."""
        self._finish(
            notice_id,
            Update(
                set={
                    "status": SENT,
                    "sent_at": stored_time(now),
                    "expires_at": int((now + KEEP_SENT).timestamp()),
                },
                remove=("to", "facts", "about", "lease_until", "claimed_by", "GSI3PK", "GSI3SK"),
                condition="#status = :sending",
                values={":sending": SENDING},
            ),
        )

    def mark_failed(self, notice_id: str, now: datetime, error: str) -> None:
        """Not sent: free for the next retry to claim, with what went wrong (SES's error code,
        never the email) kept beside its count of attempts."""
        self._finish(
            notice_id,
            Update(
                set={"status": FAILED, "failed_at": stored_time(now), "last_error": error},
                remove=("lease_until", "claimed_by"),
                condition="#status = :sending",
                values={":sending": SENDING},
            ),
        )

    def set_aside(self, notice_id: str, now: datetime, reason: str) -> bool:
        """A notification that can never be sent as it stands: failed for good, with its
        reason; its address and words go, and it leaves the unsent list (nothing retries it).
        False if it was sent, is being sent, or is gone."""
        try:
            self._table.update(
                notification_key(notice_id),
                Update(
                    set={"status": FAILED, "failed_at": stored_time(now), "failure_reason": reason},
                    remove=(
                        "to",
                        "facts",
                        "about",
                        "lease_until",
                        "claimed_by",
                        "GSI3PK",
                        "GSI3SK",
                    ),
                    condition="#status IN (:pending, :failed)",
                    values={":pending": PENDING, ":failed": FAILED},
                ),
            )
        except ConditionFailed:
            return False
        return True

    def unsent_before(self, before: datetime, leases_ended_by: datetime) -> Iterator[Parked]:
        """Notifications written before `before` that failed, or whose sender died holding
        them (a claim that ran out by `leases_ended_by`, the clock's time), oldest first."""
        query = Query(
            UNSENT_NOTIFICATIONS,
            index="GSI3",
            sort="#GSI3SK < :before",
            sort_values={":before": stored_time(before)},
        )
        for item in self._table.items(query):
            abandoned = item.get("status") == SENDING and str(item.get("lease_until", "")) < (
                stored_time(leases_ended_by)
            )
            if item.get("status") == FAILED or abandoned:
                yield Parked(str(item["notice_id"]), datetime.fromisoformat(item["created_at"]))

    def redrive(self, notice_id: str, now: datetime, leases_ended_by: datetime) -> bool:
        """Put a failed or abandoned notification back on the stream (as pending), at every
        run until it is sent; False if it is neither. A claim counts as abandoned only once
        its lease has run out by the clock (never by a schedule's replayed time), so a live
        sender's email is never sent twice; the claim, not this, keeps a send to once."""
        try:
            self._table.update(
                notification_key(notice_id),
                Update(
                    set={"status": PENDING, "redriven_at": stored_time(now)},
                    add={"redrives": 1},
                    remove=("lease_until", "claimed_by"),
                    condition="#status = :failed OR (#status = :sending AND #lease_until < :now)",
                    values={
                        ":failed": FAILED,
                        ":sending": SENDING,
                        ":now": stored_time(leases_ended_by),
                    },
                ),
            )
        except ConditionFailed:
            return False
        return True

    def forget_unsent_about(self, user_id: str, addresses: Collection[str]) -> int:
        """Erasure: every unsent notification carrying this person's data (about them, or to
        one of their addresses) is deleted, whoever it is addressed to; sent ones keep neither
        address nor words, and one being sent at this moment is left to its sender. How many
        were deleted."""
        forgotten = 0
        for item in self._table.items(Query(UNSENT_NOTIFICATIONS, index="GSI3")):
            facts = item.get("facts") or {}
            carries = (
                user_id in (item.get("about") or [])
                or set(addresses) & set(item.get("to") or [])
                # Written before notifications named whom they are about: the introduction's
                # address is the one thing of a person's they could carry to someone else.
                or facts.get("contact_email") in addresses
            )
            if carries and self._table.delete_if(
                notification_key(str(item["notice_id"])),
                "#status IN (:pending, :failed)",
                {":pending": PENDING, ":failed": FAILED},
            ):
                forgotten += 1
        return forgotten

    def _finish(self, notice_id: str, update: Update) -> None:
        try:
            self._table.update(notification_key(notice_id), update)
        except ConditionFailed:
            # Our claim ran out and another sender took it over: theirs is the last word.
            logger.warning("Notification claim lost", notice_id=notice_id)
