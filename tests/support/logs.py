"""Capture what the functions log (Powertools writes to the stream its handler was given)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from mentoring.observability import logger


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    handler = logger.registered_handler
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        yield stream
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
