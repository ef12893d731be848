"""The outbox: notices written in the same transaction as the change that causes them.

A store given notices adds one `Put` per notice to its write (mentoring.data.table), so a
change and its emails are committed together or not at all. The table's stream carries each
new notification to functions/notifications (mentoring.data.notifications claims it there).
"""

from __future__ import annotations

from collections.abc import Sequence

from mentoring.data.dynamo import Item
from mentoring.data.keys import UNSENT_NOTIFICATIONS, notification_key, timed_key
from mentoring.data.table import Operation, Table
from mentoring.mail.notices import Notice, deliverable

PENDING = "pending"


def notification_item(notice: Notice) -> Item:
    pk, sk = notification_key(notice.notice_id)
    return {
        "PK": pk,
        "SK": sk,
        "entity": "notification",
        "status": PENDING,
        "GSI3PK": UNSENT_NOTIFICATIONS,
        "GSI3SK": timed_key(notice.created_at, notice.notice_id),
    } | notice.model_dump(mode="json")


def notice_ops(
    table: Table, notices: Sequence[Notice], name: str = "notice"
) -> dict[str, Operation]:
    """One named `Put` per notice someone can receive (`notice_1`, `notice_2`, ...)."""
    return {
        f"{name}_{number}": table.put_op(notification_item(notice))
        for number, notice in enumerate(deliverable(list(notices)), start=1)
    }
