"""The scheme's running totals, kept with every change they count, so the report is one read.

Access patterns:

| pattern                 | where | key condition                                         |
|-------------------------|-------|-------------------------------------------------------|
| every total (the report)| table | PK = REPORT, SK = TOTALS#0 .. TOTALS#<SHARDS-1> (get) |

Each change adds its deltas (ADD, in the same transaction as the change) to one of SHARDS
items chosen at random, so transactions running at once rarely meet on the same item; the
report reads all of them in one BatchGetItem and adds them up. A total is a plain number
attribute named after what it counts (mentoring.domain.totals says which change counts what).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping

from mentoring.data.table import Key, Operation, Table, Update

SHARDS = 8
# From the operating system, not a seeded generator: environments started from one snapshot
# or one image must not all pick the same shards.
_spread = random.SystemRandom()
Deltas = Mapping[str, int]


def totals_key(shard: int) -> Key:
    return "REPORT", f"TOTALS#{shard}"


def count_ops(table: Table, *deltas: Deltas) -> dict[str, Operation]:
    """The one operation adding these deltas (merged) to a shard; none if they are all 0."""
    merged: Counter[str] = Counter()
    for some in deltas:
        merged.update(some)
    adds = {name: value for name, value in merged.items() if value}
    if not adds:
        return {}
    shard = _spread.randrange(SHARDS)
    return {"totals": table.update_op(totals_key(shard), Update(add=adds, condition=""))}


class TotalsStore:
    def __init__(self, table: Table):
        self._table = table

    def read(self) -> Counter[str]:
        """Every running total (0 for what never happened), in one call."""
        found = self._table.get_many([totals_key(shard) for shard in range(SHARDS)])
        totals: Counter[str] = Counter()
        for item in found.values():
            totals.update(
                {name: int(value) for name, value in item.items() if name not in ("PK", "SK")}
            )
        return totals
