"""Profiles: mentees and mentors join (never on an erased account), are read and listed; a
mentee's edits.

Access patterns (keys in mentoring.data.keys):

| pattern                               | where | key condition                                    |
|---------------------------------------|-------|--------------------------------------------------|
| a user's profiles (GET /me)           | table | PK = USER#<user>, SK between MENTEE and MENTOR   |
| one profile                           | table | PK = USER#<user>, SK = MENTEE or MENTOR          |
| the directory of approved mentors     | GSI1  | GSI1PK = DIRECTORY, by name (sparse: approved)   |
| mentors or mentees by status          | GSI2  | GSI2PK = MENTOR or MENTEE, begins_with <status># |
| approved mentors by one search term   | table | mentoring.data.directory (its index entries)     |

A mentor's edits, approval and suspension (which move their directory entries) are
mentoring.data.mentor_listing. Invariants on these items (a mentee's slots, a mentor's places)
are written by the matching stores through mentoring.data.transitions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from mentoring.data import directory as index
from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    DIRECTORY,
    MENTEE,
    MENTOR,
    about,
    directory_sort_key,
    erased_key,
    mentee_key,
    mentor_key,
    standing_check,
    status_sort_key,
    user_pk,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, read_page
from mentoring.data.standing_items import read_current_code
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed
from mentoring.data.totals import count_ops
from mentoring.data.transitions import profile_update
from mentoring.domain import totals
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import (
    CodeOfPracticeRecord,
    MenteeRecord,
    MenteeStatus,
    MentorRecord,
    MentorStatus,
)
from mentoring.domain.search_terms import Term
from mentoring.domain.standing import Standing
from mentoring.errors import (
    AlreadyRegistered,
    NoMenteeProfile,
    Unauthenticated,
)
from mentoring.mail.notices import Notice

ERASED_ACCOUNT = "This account has been erased. Sign up again to take part."


def mentor_item(record: MentorRecord) -> Item:
    data = record.model_dump(mode="json")
    pk, sk = mentor_key(record.user_id)
    keys = {
        "PK": pk,
        "SK": sk,
        "entity": "mentor",
        "GSI1SK": directory_sort_key(record.name, record.user_id),
        "GSI2PK": MENTOR,
        "GSI2SK": status_sort_key(record.status.value, data["created_at"], record.user_id),
        **about(record.user_id, (pk, sk)),
        **_check(data, record.user_id, MENTOR),
    }
    if record.listed:
        keys["GSI1PK"] = DIRECTORY
    return keys | data


class ProfileStore:
    def __init__(self, table: Table):
        self._table = table

    # ---- joining -----------------------------------------------------------------------

    def add_mentee(self, record: MenteeRecord) -> None:
        data = record.model_dump(mode="json")
        keys = {
            "entity": "mentee",
            "GSI2PK": MENTEE,
            "GSI2SK": status_sort_key(record.status.value, data["created_at"], record.user_id),
            **about(record.user_id, mentee_key(record.user_id)),
            **_check(data, record.user_id, MENTEE),
        }
        self._add(
            mentee_key(record.user_id),
            keys | data,
            "You are already registered as a mentee.",
            counted=totals.status_moved("mentees", None, record.status.value),
        )

    def add_mentor(self, record: MentorRecord, notices: Sequence[Notice] = ()) -> None:
        self._add(
            mentor_key(record.user_id),
            mentor_item(record),
            "You have already applied as a mentor.",
            notices,
            totals.status_moved("mentors", None, record.status.value)
            | totals.status_moved("mentor_standing", None, record.standing.value),
        )

    def _add(
        self,
        key: tuple[str, str],
        item: Item,
        already: str,
        notices: Sequence[Notice] = (),
        counted: Mapping[str, int] | None = None,
    ) -> None:
        """A new profile, unless the account behind it has been erased (an old token)."""
        try:
            self._table.transact(
                {
                    "profile": self._table.put_op({"PK": key[0], "SK": key[1]} | item),
                    "not_erased": self._table.check_op(
                        erased_key(item["user_id"]), "attribute_not_exists(PK)"
                    ),
                }
                | count_ops(self._table, counted or {})
                | notice_ops(self._table, notices)
            )
        except TransactionFailed as failure:
            if "not_erased" in failure.failed:
                raise Unauthenticated(ERASED_ACCOUNT) from None
            raise AlreadyRegistered(already) from None

    # ---- reading -----------------------------------------------------------------------

    def mentee(self, user_id: str) -> MenteeRecord | None:
        item = self._table.get(mentee_key(user_id))
        return MenteeRecord.model_validate(item) if item else None

    def mentor(self, user_id: str) -> MentorRecord | None:
        item = self._table.get(mentor_key(user_id))
        return MentorRecord.model_validate(item) if item else None

    def profiles(self, user_id: str) -> tuple[MenteeRecord | None, MentorRecord | None]:
        """Both profiles in one read (MENTEE and MENTOR sort next to each other)."""
        query = Query(
            user_pk(user_id),
            sort="#SK BETWEEN :first AND :last",
            sort_values={":first": MENTEE, ":last": MENTOR},
        )
        items = {item["SK"]: item for item in self._table.items(query)}
        mentee, mentor = items.get(MENTEE), items.get(MENTOR)
        return (
            MenteeRecord.model_validate(mentee) if mentee else None,
            MentorRecord.model_validate(mentor) if mentor else None,
        )

    def directory(
        self,
        matches: Callable[[MentorRecord], bool],
        page: PageRequest,
        term: Term | None = None,
    ) -> Page[MentorRecord]:
        """Approved mentors by name, those `matches` keeps: found through `term`'s index
        entries when given (reading what the term finds), else from the whole directory."""
        if term is not None:
            return index.find(self._table, term, matches, page)
        return read_page(
            self._table,
            MentorRecord,
            scope="directory",
            sources=[Source("directory", Query(DIRECTORY, index="GSI1"))],
            page=page,
            matches=matches,
        )

    def mentors_by_status(
        self, status: MentorStatus | None, page: PageRequest, standing: Standing | None = None
    ) -> Page[MentorRecord]:
        """Mentors, oldest application first (all, or those of one status; of one standing)."""
        return read_page(
            self._table,
            MentorRecord,
            scope=f"mentors:{status.value if status else 'all'}:{standing or 'any'}",
            sources=[Source("mentors", self._by_status(MENTOR, status))],
            page=page,
            matches=(lambda mentor: mentor.standing is standing) if standing else None,
        )

    @staticmethod
    def _by_status(role: str, status: MenteeStatus | MentorStatus | None) -> Query:
        if status is None:
            return Query(role, index="GSI2")
        return Query(
            role,
            index="GSI2",
            sort="begins_with(#GSI2SK, :status)",
            sort_values={":status": f"{status.value}#"},
        )

    # ---- changing ----------------------------------------------------------------------

    def update_mentee(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MenteeRecord:
        try:
            item = self._table.update(mentee_key(user_id), profile_update(changes, now))
        except ConditionFailed:
            raise NoMenteeProfile() from None
        return MenteeRecord.model_validate(item)

    def current_code(self) -> CodeOfPracticeRecord | None:
        """The Code registration asks for: the last published (None: the template's)."""
        return read_current_code(self._table)


def _check(data: Item, user_id: str, role: str) -> dict[str, str]:
    """A new profile with a standing to look at again is on the schedule's list."""
    day = data.get("standing_check")
    return standing_check(str(day), user_id, role) if day else {}
