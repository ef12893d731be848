"""Three changes to moto's in-memory DynamoDB, so tests and a long-running local stack stay
fast and small. None changes what a client sees.

moto rolls a failed transaction back by deep-copying, before every transaction, each table it
touches: every item, and the table's stream records; and its models keep every instance ever
made in a list on their class, for moto's web dashboard.

- A transaction's backup copies only the items the transaction names (an update changes its
  item in place; no operation can change another) and shares the rest, so a transaction costs
  what it writes, not what the table holds. Any other copy of a table stays whole.
- A table's stream only grows. Stream records never change once written: copying the list of
  them, not each record, rolls back just as exactly; and the copy refers to its table weakly,
  so an unused backup is freed at once rather than by Python's cycle collector.
- DynamoDB's models are no longer listed for the dashboard (nothing here uses it): each backup
  was kept for good, and memory grew with transactions times table size (about 6 GB after
  2,000 transactions on a table of 2,000 small items; a long `make fuzz` took the stack past
  5 GB).
"""

from __future__ import annotations

import copy
import weakref
from contextvars import ContextVar
from typing import Any

_DYNAMODB_MODELS = "moto.dynamodb."


def keep_dynamodb_lean() -> None:
    """All three changes; repeating the call changes nothing more."""
    _copy_stream_records_shallowly()
    _stop_listing_dynamodb_instances()
    _back_up_only_what_a_transaction_touches()


def _copy_stream_records_shallowly() -> None:
    from moto.dynamodb.models.table import StreamShard  # noqa: PLC0415 - dev-only dependency

    def __deepcopy__(self: Any, memo: dict[int, Any]) -> Any:
        copied = copy.copy(self)
        memo[id(self)] = copied
        copied.items = list(self.items)
        table_copy = memo.get(id(_table_of(self)))
        if table_copy is not None:
            # Weakly: table -> shard -> table would make every backup a cycle, which only
            # Python's cyclic collector frees (a full collection, over the whole heap, ever
            # more often as backups come and go); now an unused backup goes at once.
            copied.table = weakref.proxy(table_copy)
            copied.table_ref = weakref.ref(table_copy)
        return copied

    StreamShard.__deepcopy__ = __deepcopy__  # type: ignore[attr-defined]


def _table_of(shard: Any) -> Any:
    """The table itself, not the weak proxy a copied shard holds."""
    reference = shard.__dict__.get("table_ref")
    return reference() if reference is not None else shard.table


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


# Per table name, the (hash, range) keys the running transaction names; None outside one.
_TOUCHED: ContextVar[dict[str, set[tuple[Any, Any]] | None] | None] = ContextVar(
    "transaction_keys", default=None
)


def _back_up_only_what_a_transaction_touches() -> None:
    """A transaction's backup of a table holds new copies of the items it names only (it can
    change no other), and shares the rest with the table; every other copy stays whole."""
    from moto.dynamodb.models import DynamoDBBackend  # noqa: PLC0415 - dev-only dependency
    from moto.dynamodb.models.table import Table  # noqa: PLC0415

    transact = DynamoDBBackend.transact_write_items
    if getattr(transact, "backs_up_touched_items", False):
        return

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        token = _TOUCHED.set(_keys_named(self.tables, transact_items))
        try:
            transact(self, transact_items)
        finally:
            _TOUCHED.reset(token)

    def __deepcopy__(self: Any, memo: dict[int, Any]) -> Any:
        clone = copy.copy(self)
        memo[id(self)] = clone
        keys = (_TOUCHED.get() or {}).get(self.name)
        if keys is None:
            clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
            return clone
        clone.items = _items_backup(self.items, keys, has_range=self.range_key_attr is not None)
        if self.stream_shard is not None:
            clone.stream_shard = copy.deepcopy(self.stream_shard, memo)
        return clone

    transact_write_items.backs_up_touched_items = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.__deepcopy__ = __deepcopy__  # type: ignore[attr-defined]


def _keys_named(
    tables: dict[str, Any], transact_items: list[dict[str, Any]]
) -> dict[str, set[tuple[Any, Any]] | None]:
    """Each table's keys the operations name; None (copy it whole) for one that cannot be read."""
    from moto.dynamodb.models.dynamo_type import DynamoType  # noqa: PLC0415

    named: dict[str, set[tuple[Any, Any]] | None] = {}
    for entry in transact_items:
        for operation in entry.values():
            name = operation.get("TableName") if isinstance(operation, dict) else None
            if name not in tables:
                continue
            table = tables[name]
            attributes = operation.get("Item") or operation.get("Key") or {}
            try:
                hash_key = DynamoType(attributes[table.hash_key_attr])
                range_key = (
                    DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
                )
            except (KeyError, TypeError, AttributeError):
                named[name] = None
                continue
            keys = named.setdefault(name, set())
            if keys is not None:
                keys.add((hash_key, range_key))
    return named


def _items_backup(items: Any, keys: set[tuple[Any, Any]], *, has_range: bool) -> Any:
    """The table's item map (hash -> item, or hash -> range -> item) as a new map: the named
    items copied (an update changes its item in place), every other item shared."""
    backup = copy.copy(items)
    for hash_key, range_key in keys:
        if hash_key not in items:
            continue
        if not has_range:
            backup[hash_key] = copy.deepcopy(items[hash_key])
            continue
        if backup[hash_key] is items[hash_key]:
            backup[hash_key] = dict(items[hash_key])
        if range_key in items[hash_key]:
            backup[hash_key][range_key] = copy.deepcopy(items[hash_key][range_key])
    return backup
