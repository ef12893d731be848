"""One change to moto's in-memory DynamoDB, so a long-running local stack stays fast.

moto rolls a failed transaction back by deep-copying every table it touches beforehand,
stream records included. A table's stream only grows, so every transaction would get slower
as the stack runs (and a busy end-to-end session would time out). Stream records never change
once written: copying the list of them, not each record, rolls back just as exactly.
"""

from __future__ import annotations

import copy
from typing import Any


def copy_stream_records_shallowly() -> None:
    from moto.dynamodb.models.table import StreamShard  # noqa: PLC0415 - dev-only dependency

    def __deepcopy__(self: Any, memo: dict[int, Any]) -> Any:
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.items = list(self.items)
        copied.table = memo.get(id(self.table), self.table)
        return copied

    StreamShard.__deepcopy__ = __deepcopy__  # type: ignore[attr-defined]
