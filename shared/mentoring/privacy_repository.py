"""What the data-protection rights need: everything about a user, and its erasure.

Erasure removes the user's own items and every personal field about them elsewhere: on the
requests, matches, sessions and evaluations they were part of, their id and name are replaced
by ERASED and their index keys removed, so nothing in the table or its indexes leads back to
them. Evaluation scores stay, anonymous, for the scheme's totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from mentoring.dynamo import Item
from mentoring.dynamo_table import stored_time
from mentoring.matching_repository import MATCH_SK, REQUEST_SK, match_pk, request_pk
from mentoring.records import MENTOR_FULL
from mentoring.repository import ERASED_SK, erased_pk, user_pk
from mentoring.sessions_repository import EVALUATION_SK, SessionsRepository

ERASED = "erased"
# Longer than any ID token issued before the erasure can live (60 minutes).
ERASED_MARK_KEPT = timedelta(days=1)
ERASED_NAME = "Former participant"
_KEYS = ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK", "entity")


def without_keys(item: Item) -> dict[str, Any]:
    return {name: value for name, value in item.items() if name not in _KEYS}


class PrivacyRepository(SessionsRepository):
    def own_items(self, user_id: str) -> list[Item]:
        """Everything in the user's own partition: profiles, daily request counts."""
        return list(self.query_all("PK = :pk", {":pk": user_pk(user_id)}))

    def requests_involving(self, user_id: str) -> Iterator[Item]:
        yield from self.query_all("GSI1PK = :pk", {":pk": f"MENTEE_REQUESTS#{user_id}"}, "GSI1")
        yield from self.query_all("GSI2PK = :pk", {":pk": f"MENTOR_REQUESTS#{user_id}"}, "GSI2")

    def matches_involving(self, user_id: str) -> Iterator[Item]:
        yield from self.query_all("GSI1PK = :pk", {":pk": f"MENTEE_MATCHES#{user_id}"}, "GSI1")
        yield from self.query_all("GSI2PK = :pk", {":pk": f"MENTOR_MATCHES#{user_id}"}, "GSI2")

    def match_children(self, match_id: str) -> list[Item]:
        """A match's sessions and evaluation (consistent read of its partition)."""
        return [
            item
            for item in self.query_all("PK = :pk", {":pk": match_pk(match_id)})
            if item["SK"] != MATCH_SK
        ]

    def anonymise_request(self, request_id: str, as_mentee: bool) -> None:
        role = "mentee" if as_mentee else "mentor"
        index = "GSI1" if as_mentee else "GSI2"
        fields = f"{role}_id = :erased, {role}_name = :name"
        values: dict[str, Any] = {":erased": ERASED, ":name": ERASED_NAME}
        removes = [f"{index}PK", f"{index}SK"]
        if as_mentee:
            fields += ", message = :empty"  # the mentee's own words
            values[":empty"] = ""
        current = self.get(request_pk(request_id), REQUEST_SK)
        if current and current.get("decline_reason") not in (None, MENTOR_FULL):
            removes.append("decline_reason")  # free text between the two: it may name either
        self._update_existing(request_pk(request_id), REQUEST_SK, fields, values, removes)

    def anonymise_match(self, match_id: str, as_mentee: bool) -> None:
        role = "mentee" if as_mentee else "mentor"
        index = "GSI1" if as_mentee else "GSI2"
        self._update_existing(
            match_pk(match_id),
            MATCH_SK,
            f"{role}_id = :erased, {role}_name = :name",
            {":erased": ERASED, ":name": ERASED_NAME},
            [f"{index}PK", f"{index}SK"],
        )

    def anonymise_session(self, match_id: str, sk: str) -> None:
        """A mentee's session record is about them: only when, how and how long remain."""
        self._update_existing(
            match_pk(match_id),
            sk,
            "summary = :erased_text, actions = :empty, topics = :none",
            {":erased_text": "(erased)", ":empty": "", ":none": []},
            ["mentee_notes", "notes_updated_at"],
        )

    def anonymise_evaluation(self, match_id: str, as_mentee: bool) -> None:
        if as_mentee:
            fields, values, removes = ("comments = :empty", {":empty": ""}, ["mentee_id"])
        else:
            fields, values, removes = ("comments = comments", {}, ["mentor_id", "GSI2PK", "GSI2SK"])
        self._update_existing(match_pk(match_id), EVALUATION_SK, fields, values, removes)

    def mark_erased(self, user_id: str, now: datetime) -> None:
        """The identity is being erased: from now on its old tokens cannot register again."""
        self.put(
            {
                "PK": erased_pk(user_id),
                "SK": ERASED_SK,
                "entity": "erased_account",
                "erased_at": stored_time(now),
                "expires_at": int((now + ERASED_MARK_KEPT).timestamp()),
            }
        )

    def delete_own_items(self, user_id: str) -> int:
        items = self.own_items(user_id)
        for item in items:
            self.delete(item["PK"], item["SK"])
        return len(items)

    def _update_existing(
        self, pk: str, sk: str, sets: str, values: dict[str, Any], removes: list[str]
    ) -> None:
        expression = f"SET {sets}" if sets else ""
        if removes:
            expression += " REMOVE " + ", ".join(removes)
        self.update(pk, sk, expression, values, "attribute_exists(PK)")
