"""A user's account as a whole: everything in their own partition, and the mark left when it
is erased.

Access patterns (keys in mentoring.data.keys):

| pattern                          | where | key condition                                  |
|----------------------------------|-------|------------------------------------------------|
| everything in a user's partition | table | PK = USER#<user> (erasure)                     |
| whether an account was erased    | table | PK = ERASED#<hash>, SK = ERASED (registration) |
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from mentoring.data.keys import (
    MENTEE,
    MENTOR,
    erased_key,
    stored_time,
    user_pk,
)
from mentoring.data.table import Query, Table, TransactionFailed
from mentoring.data.totals import count_ops
from mentoring.domain import totals

# Longer than any ID token issued before an erasure can live (60 minutes).
ERASED_MARK_KEPT = timedelta(days=1)


class AccountStore:
    def __init__(self, table: Table):
        self._table = table

    def mark_erased(self, user_id: str, now: datetime) -> None:
        """The identity is being erased: from now on its old tokens cannot register again."""
        pk, sk = erased_key(user_id)
        self._table.put(
            {
                "PK": pk,
                "SK": sk,
                "entity": "erased_account",
                "erased_at": stored_time(now),
                "expires_at": int((now + ERASED_MARK_KEPT).timestamp()),
            }
        )

    def delete_own_items(self, user_id: str) -> int:
        """Everything in the user's own partition: profiles (counted out of the scheme's
        totals with their deletion, once however often this is repeated), daily counts."""
        items = list(self._table.items(Query(user_pk(user_id))))
        for item in items:
            key = (item["PK"], item["SK"])
            if item["SK"] not in (MENTEE, MENTOR):
                self._table.delete(key)
                continue
            role = "mentees" if item["SK"] == MENTEE else "mentors"
            counted = totals.status_moved(role, item["status"], None)
            if role == "mentors":
                standing = str(item.get("standing", "good"))
                counted |= totals.status_moved("mentor_standing", standing, None)
            # Already gone if an erasure running at the same time deleted it a moment ago.
            with suppress(TransactionFailed):
                self._table.transact(
                    {"profile": self._table.delete_op(key, "attribute_exists(PK)")}
                    | count_ops(self._table, counted)
                )
        return len(items)
