"""Query parameters shared by list routes."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from mentoring.domain.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1-50)")]
Cursor = Annotated[
    str | None, Query(max_length=2048, description="next_cursor from the previous page")
]


def page_request(limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor or None)
