"""Two changes to moto's in-memory DynamoDB, so a long-running local stack stays fast and small.

moto rolls a failed transaction back by deep-copying, before every transaction, each table it
touches: every item, and the table's stream records.

- A table's stream only grows, so every transaction would get slower as the stack runs (and a
  busy end-to-end session would time out). Stream records never change once written: copying
  the list of them, not each record, rolls back just as exactly.
- moto's models keep every instance ever made in a list on their class, for moto's web
  dashboard, so each of those copies was kept for good: memory grew with transactions times
  table size (about 6 GB after 2,000 transactions on a table of 2,000 small items; a long
  `make fuzz` took the stack past 5 GB). DynamoDB's models are no longer listed there; nothing
  here uses the dashboard.
"""

from __future__ import annotations

import copy
from typing import Any

_DYNAMODB_MODELS = "moto.dynamodb."


def keep_dynamodb_lean() -> None:
    """Both changes; repeating the call changes nothing more."""
    _keep_dynamodb_lean()
    _stop_listing_dynamodb_instances()


def _keep_dynamodb_lean() -> None:
    from moto.dynamodb.models.table import StreamShard  # noqa: PLC0415 - dev-only dependency

    def __deepcopy__(self: Any, memo: dict[int, Any]) -> Any:
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.items = list(self.items)
        copied.table = memo.get(id(self.table), self.table)
        return copied

    StreamShard.__deepcopy__ = __deepcopy__  # type: ignore[attr-defined]


def _stop_listing_dynamodb_instances() -> None:
    from moto.core.common_models import BaseModel  # noqa: PLC0415 - dev-only dependency

    listing_new = BaseModel.__new__
    if getattr(listing_new, "leaves_dynamodb_out", False):
        return

    def __new__(cls: type[Any], *args: Any, **kwargs: Any) -> Any:
        if cls.__module__.startswith(_DYNAMODB_MODELS):
            return object.__new__(cls)
        return listing_new(cls, *args, **kwargs)

    __new__.leaves_dynamodb_out = True  # type: ignore[attr-defined]
    BaseModel.__new__ = staticmethod(__new__)  # type: ignore[method-assign]
