"""One Lambda container: a process of its own that imports a function once (its cold start)
and then answers invocations, one at a time, as Lambda's runtime does.

    python -m local_stack.container <path to the function's module> <handler name> <function>

The function's environment is the process's own (set by whoever starts it). Invocations
arrive on stdin and answers leave on stdout, one JSON line each; everything the function
prints or logs goes to stderr, so it can never be mistaken for an answer.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_stack.functions import import_function


@dataclass
class LambdaContext:
    """What Lambda's runtime hands a handler: name, limits, time left."""

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


def serve(path: Path, handler_name: str, function_name: str) -> None:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # the function's own output is log, not protocol
    os.dup2(sys.stderr.fileno(), 1)
    handler = getattr(import_function(path, function_name), handler_name)
    answers.write(json.dumps({"ready": True}) + "\n")
    answers.flush()
    for line in sys.stdin:
        invocation = json.loads(line)
        context = LambdaContext(
            function_name=function_name,
            memory_limit_in_mb=invocation["memory"],
            timeout_seconds=invocation["timeout"],
        )
        try:
            answer: dict[str, Any] = {"result": handler(invocation["event"], context)}
        except Exception as error:
            traceback.print_exc()
            answer = {"error": {"type": type(error).__name__, "message": str(error)}}
        answers.write(json.dumps(answer, default=str) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
