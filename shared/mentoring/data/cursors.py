"""Cursors: positions in one list, sealed (mentoring.data.cursor_seal), checked on the way back
in. A list may be read from several index partitions at once (the requests a user sent and
those they received): a cursor holds one position per source, the key of the last item shown
from it, None for "not started", or DONE once the source has nothing more."""

from __future__ import annotations

import json
from typing import Any

from mentoring.data.cursor_seal import CursorSeal
from mentoring.errors import BadRequest

_VERSION = 3
_INVALID = "The cursor is not valid for this list."

DONE = "done"
Position = dict[str, str] | str | None


def encode_cursor(scope: str, positions: dict[str, Position], seal: CursorSeal) -> str:
    raw = json.dumps(
        {"v": _VERSION, "s": scope, "p": positions}, separators=(",", ":"), sort_keys=True
    )
    return seal.seal(raw.encode())


def decode_cursor(
    cursor: str, scope: str, key_names: dict[str, frozenset[str]], seal: CursorSeal
) -> dict[str, Position]:
    """The positions a cursor holds, if we sealed it for this list (sources and key names)."""
    try:
        data: Any = json.loads(seal.open(cursor))
    except (ValueError, UnicodeError) as error:
        raise BadRequest(_INVALID) from error
    if not isinstance(data, dict) or data.get("v") != _VERSION or data.get("s") != scope:
        raise BadRequest(_INVALID)
    positions = data.get("p")
    if not isinstance(positions, dict) or set(positions) != set(key_names):
        raise BadRequest(_INVALID)
    for source, position in positions.items():
        if position is None or position == DONE:
            continue
        if (
            not isinstance(position, dict)
            or set(position) != key_names[source]
            or not all(isinstance(value, str) and value for value in position.values())
        ):
            raise BadRequest(_INVALID)
    return positions
