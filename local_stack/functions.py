"""Lambda functions run in-process, each invocation in a "container" of its own.

A container is a fresh import of the function's module (its own resolver and clients), used
by one invocation at a time, as Lambda does. Concurrent requests get concurrent containers, so
races between invocations are real races against the moto server.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import queue
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

_load_lock = threading.Lock()
_module_numbers = itertools.count(1)


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int = 512
    timeout_seconds: int = 10
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:eu-west-2:123456789012:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self.started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


class LambdaFunction:
    def __init__(
        self,
        name: str,
        code_uri: Path,
        handler: str,
        environment: dict[str, str],
        max_containers: int = 16,
    ):
        self.name = name
        self._code_uri = code_uri
        self._module_name, self._handler_name = handler.rsplit(".", 1)
        self.environment = environment
        self._idle: queue.LifoQueue[ModuleType] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(max_containers)

    def invoke(self, event: dict[str, Any]) -> Any:
        with self._slots:
            try:
                container = self._idle.get_nowait()
            except queue.Empty:
                container = self._cold_start()
            try:
                handler = getattr(container, self._handler_name)
                return handler(event, LambdaContext(function_name=self.name))
            finally:
                self._idle.put(container)

    def warm(self) -> ModuleType:
        """Load one container now (used at start-up, and to read the function's OpenAPI)."""
        container = self._cold_start()
        self._idle.put(container)
        return container

    def _cold_start(self) -> ModuleType:
        with _load_lock:
            os.environ.update(self.environment)
            return import_function(self._code_uri / f"{self._module_name}.py", self.name)


def import_function(path: Path, label: str) -> ModuleType:
    """A fresh import of a function's module: what Lambda's init phase does in a new container.

    Each import gets a unique module name, so two containers never share module state.
    """
    unique_name = f"_fn_{label}_{next(_module_numbers)}"
    spec = importlib.util.spec_from_file_location(unique_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered as a normal import is, so pydantic can resolve the module's annotations.
    sys.modules[unique_name] = module
    spec.loader.exec_module(module)
    return module
