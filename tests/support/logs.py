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
    # Swapped by hand, not with setStream: that flushes the old stream, which a test runner
    # that captures output (mutmut's) may already have closed.
    previous = handler.stream  # type: ignore[attr-defined]
    handler.stream = stream  # type: ignore[attr-defined]
    try:
        yield stream
    finally:
        handler.stream = previous  # type: ignore[attr-defined]
