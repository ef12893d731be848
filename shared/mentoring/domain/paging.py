"""Lists come a page at a time: what a caller asks for (a limit and an opaque cursor) and what
a page holds (its items and the cursor of the next page, null at the end)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

DEFAULT_LIMIT = 20
MAX_LIMIT = 50

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class Page(BaseModel, Generic[T]):
    # Built when first used, as every answer model is (mentoring.domain.models).
    model_config = ConfigDict(defer_build=True)

    items: list[T]
    next_cursor: str | None
