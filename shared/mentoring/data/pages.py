"""One page of a list read from one or more partitions, merged in order, with a sealed cursor.

A list may be read from several partitions at once (the requests a user sent and those they
received). The cursor holds one position per source: the key of the last item shown from it,
None for "not started", or DONE once the source has nothing more. Filtering happens after the
read (not with a FilterExpression), so the cursor points at the last item shown: a page never
skips a match and never ends empty while more could follow.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from mentoring.data.cursors import DONE, Position, decode_cursor, encode_cursor
from mentoring.data.dynamo import Item, from_raw
from mentoring.data.keys import as_mentee, as_mentor
from mentoring.data.table import Query, Table
from mentoring.domain.paging import Page, PageRequest
from mentoring.errors import BadRequest

R = TypeVar("R", bound=BaseModel)
_QUERY_BATCH = 50
_INVALID = "The cursor is not valid for this list."


@dataclass(frozen=True)
class Source:
    """A named partition a list reads from."""

    name: str
    query: Query


def both_sides(collection: str, user_id: str) -> list[Source]:
    """What a user sent (as mentee) and received (as mentor) in one collection, newest first."""
    return [
        Source("as_mentee", Query(as_mentee(collection, user_id), "GSI1", newest_first=True)),
        Source("as_mentor", Query(as_mentor(collection, user_id), "GSI2", newest_first=True)),
    ]


def read_page(
    table: Table,
    model: type[R],
    *,
    scope: str,
    sources: list[Source],
    page: PageRequest,
    matches: Callable[[R], bool] | None = None,
) -> Page[R]:
    """The sources' items merged by sort key (newest first if their queries are)."""
    newest_first = any(source.query.newest_first for source in sources)
    positions: dict[str, Position] = {source.name: None for source in sources}
    if page.cursor:
        positions = decode_cursor(
            page.cursor, scope, {s.name: s.query.key_names for s in sources}, table.cursors
        )
    candidates: list[tuple[str, int, R, Item]] = []
    more_beyond: dict[str, bool] = {}
    for order, source in enumerate(sources):
        position = positions[source.name]
        if position == DONE:
            more_beyond[source.name] = False
            continue
        start = position if isinstance(position, dict) else None
        found, more = _collect(table, model, source.query, start, page.limit + 1, matches)
        more_beyond[source.name] = more
        sort_key = source.query.sort_key
        candidates += [(item[sort_key], order, record, item) for record, item in found]
    merged = heapq.nsmallest(
        page.limit + 1,
        candidates,
        key=lambda c: (_descending(c[0]) if newest_first else c[0], c[1]),
    )
    shown = merged[: page.limit]
    shown_ids = {id(candidate) for candidate in shown}
    next_positions = dict(positions)
    for order, source in enumerate(sources):
        taken = [c for c in shown if c[1] == order]
        left = [c for c in candidates if c[1] == order and id(c) not in shown_ids]
        if taken:
            last = taken[-1][3]
            next_positions[source.name] = {name: last[name] for name in source.query.key_names}
        if not left and not more_beyond[source.name]:
            next_positions[source.name] = DONE
    has_more = any(position != DONE for position in next_positions.values())
    return Page[R](
        items=[c[2] for c in shown],
        next_cursor=encode_cursor(scope, next_positions, table.cursors) if has_more else None,
    )


def _collect(
    table: Table,
    model: type[R],
    query: Query,
    start: dict[str, str] | None,
    wanted: int,
    matches: Callable[[R], bool] | None,
) -> tuple[list[tuple[R, Item]], bool]:
    """Up to `wanted` matching items after `start`, and whether the partition goes on."""
    if start is not None and start.get(query.partition_key) != query.partition:
        raise BadRequest(_INVALID)
    found: list[tuple[R, Item]] = []
    resume: dict[str, Any] | None = start
    while True:
        response = table.query(
            query, limit=max(wanted, _QUERY_BATCH) if matches else wanted, start=resume
        )
        for raw in response.get("Items", []):
            item = from_raw(raw)
            record = model.model_validate(item)
            if matches is None or matches(record):
                found.append((record, item))
        if "LastEvaluatedKey" not in response:
            return found, False
        if len(found) >= wanted:
            return found, True
        resume = from_raw(response["LastEvaluatedKey"])


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse, for merging newest-first lists."""
    return (*(-ord(character) for character in text), 1)
