"""Lists of match requests: a user's, all of them (administrators), those overdue (the
schedule), those waiting on a mentor, and a user's for export and erasure.

Access patterns (keys in mentoring.data.keys):

| pattern                                  | where | key condition                           |
|------------------------------------------|-------|-----------------------------------------|
| requests a mentee sent, newest first     | GSI1  | GSI1PK = MENTEE_REQUESTS#<user>         |
| requests a mentor received               | GSI2  | GSI2PK = MENTOR_REQUESTS#<user>         |
| requests by status (administrators)      | GSI3  | GSI3PK = REQUESTS#<status>              |
| overdue pending requests (the schedule)  | GSI3  | GSI3PK = REQUESTS#pending, GSI3SK < now |
|   (pending requests sort by deadline, so the schedule reads only the overdue ones)          |
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from mentoring.data.dynamo import Item, plain
from mentoring.data.keys import as_mentee, as_mentor, requests_by_status, stored_time
from mentoring.data.pages import Source, both_sides, read_page
from mentoring.data.table import Query, Table
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import MatchRequestRecord, RequestStatus


class RequestListStore:
    def __init__(self, table: Table):
        self._table = table

    def overdue_ids(self, now: datetime) -> Iterator[str]:
        """Pending requests past their deadline: an index query, never a scan."""
        for item in self._table.items(self._overdue(now)):
            yield str(item["request_id"])

    def count_overdue(self, now: datetime) -> int:
        return self._table.count(self._overdue(now))

    @staticmethod
    def _overdue(now: datetime) -> Query:
        return Query(
            requests_by_status(RequestStatus.PENDING.value),
            index="GSI3",
            sort="#GSI3SK < :now",
            sort_values={":now": stored_time(now)},
        )

    def waiting_on(self, mentor_id: str) -> Iterator[MatchRequestRecord]:
        """The requests still pending with a mentor."""
        for item in self._table.items(Query(as_mentor("REQUESTS", mentor_id), index="GSI2")):
            record = MatchRequestRecord.model_validate(item)
            if record.status is RequestStatus.PENDING:
                yield record

    def of_user(
        self, user_id: str, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestRecord]:
        """Requests the user sent or received, newest first."""
        return read_page(
            self._table,
            MatchRequestRecord,
            scope=f"requests:{status.value if status else 'all'}",
            sources=both_sides("REQUESTS", user_id),
            page=page,
            matches=(lambda record: record.status is status) if status else None,
        )

    def every(self, status: RequestStatus | None, page: PageRequest) -> Page[MatchRequestRecord]:
        """For administrators: pending ones by deadline, soonest first; the rest newest first."""
        statuses = [status] if status else list(RequestStatus)
        newest_first = status is not RequestStatus.PENDING
        return read_page(
            self._table,
            MatchRequestRecord,
            scope=f"all-requests:{status.value if status else 'all'}",
            sources=[
                Source(
                    s.value, Query(requests_by_status(s.value), "GSI3", newest_first=newest_first)
                )
                for s in statuses
            ],
            page=page,
        )

    def involving(self, user_id: str) -> Iterator[Item]:
        """Every request the user sent or received, as stored (export, erasure)."""
        for query in (
            Query(as_mentee("REQUESTS", user_id), index="GSI1"),
            Query(as_mentor("REQUESTS", user_id), index="GSI2"),
        ):
            yield from (plain(item) for item in self._table.items(query))
