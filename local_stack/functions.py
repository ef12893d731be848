"""Lambda functions for the local stack: each container a process of its own.

A container (local_stack.container) imports the function once, with the function's own
environment from the template (its service name, its settings), and serves one invocation at
a time, as Lambda does; concurrent requests get concurrent containers, so races between
invocations are real races against the moto server. An invocation that outlives the
function's timeout from the template is stopped, as Lambda stops it.

`import_function` is the one loader: containers, the API document and the tests all use it.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any

_module_numbers = itertools.count(1)
ROOT = Path(__file__).resolve().parent.parent


def import_function(path: Path, label: str) -> ModuleType:
    """A fresh import of a function's module: what Lambda's init phase does in a new container.

    Each import gets a unique module name, so two imports never share module state.
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


class FunctionFailed(Exception):
    """The function raised, or ran out of time: Lambda reports an error to its caller."""

    def __init__(self, error_type: str, message: str):
        super().__init__(error_type)
        self.error_type = error_type
        self.message = message


@dataclass
class _Container:
    process: subprocess.Popen[str]
    requests: IO[str]
    answers: queue.Queue[str | None]

    def ask(self, invocation: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.requests.write(json.dumps(invocation) + "\n")
        self.requests.flush()
        line = self.answers.get(timeout=timeout)
        if line is None:
            raise FunctionFailed("Runtime.ExitError", "the container stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _pump(stream: IO[str], answers: queue.Queue[str | None]) -> None:
    for line in stream:
        answers.put(line)
    answers.put(None)


@dataclass(frozen=True)
class Limits:
    """What the template gives a function (Timeout, MemorySize), and how many containers
    may run at once here."""

    timeout_seconds: int = 10
    memory_mb: int = 512
    max_containers: int = 16


class LambdaFunction:
    def __init__(
        self,
        name: str,
        code_uri: Path,
        handler: str,
        environment: dict[str, str],
        limits: Limits | None = None,
        log: IO[str] | None = None,
    ):
        """`log`: where the container's own output (its JSON logs) goes; None is stderr."""
        limits = limits or Limits()
        self.name = name
        self._log = log
        self.environment = environment
        self.timeout_seconds = limits.timeout_seconds
        self.memory_mb = limits.memory_mb
        module_name, self._handler_name = handler.rsplit(".", 1)
        self._path = code_uri / f"{module_name}.py"
        self._idle: queue.LifoQueue[_Container] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(limits.max_containers)
        self._all: list[_Container] = []
        self._lock = threading.Lock()

    def invoke(self, event: dict[str, Any]) -> Any:
        """The handler's answer; FunctionFailed if it raised or timed out."""
        with self._slots:
            try:
                container = self._idle.get_nowait()
            except queue.Empty:
                container = self._cold_start()
            invocation = {"event": event, "timeout": self.timeout_seconds, "memory": self.memory_mb}
            try:
                answer = container.ask(invocation, timeout=self.timeout_seconds)
            except queue.Empty:
                container.stop()  # Lambda stops a container that outlives its timeout
                raise FunctionFailed("Sandbox.Timedout", "Task timed out") from None
            except FunctionFailed:
                container.stop()
                raise
            self._idle.put(container)
            if "error" in answer:
                raise FunctionFailed(answer["error"]["type"], answer["error"]["message"])
            return answer["result"]

    def warm(self) -> None:
        """Start one container now, so the first request does not wait for it."""
        with self._slots:
            self._idle.put(self._cold_start())

    def stop(self) -> None:
        with self._lock:
            containers, self._all = self._all, []
        for container in containers:
            container.stop()

    def _cold_start(self) -> _Container:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "local_stack.container",
                str(self._path),
                self._handler_name,
                self.name,
            ],
            cwd=ROOT,
            env={**os.environ, **self.environment},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            bufsize=1,
            # Its own session: Ctrl-C at the terminal (the foreground group's SIGINT) or a
            # signal to the stack's group reaches the stack alone, which stops its containers.
            start_new_session=True,
        )
        if process.stdin is None or process.stdout is None:
            raise FunctionFailed("Runtime.ExitError", f"{self.name} has no pipes")
        answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, answers), daemon=True).start()
        container = _Container(process, process.stdin, answers)
        with self._lock:
            self._all.append(container)
        try:
            # Lambda allows the init phase ten seconds; a busy test machine needs more.
            ready = answers.get(timeout=60)
        except queue.Empty:
            ready = None
        if ready is None:
            raise FunctionFailed("Runtime.ExitError", f"{self.name} could not start")
        return container
