"""Run the local stack (`python -m local_stack`) in a subprocess on a free loopback port."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import boto3

from tests.support.lambdas import ROOT

START_TIMEOUT_SECONDS = 90


class StackDidNotStart(RuntimeError):
    pass


@dataclass
class RunningStack:
    process: subprocess.Popen[bytes]
    state_file: Path
    log_file: Path
    info: dict[str, Any]

    @property
    def api_url(self) -> str:
        return str(self.info["api_url"])

    def cognito(self) -> Any:
        return self.aws("cognito-idp")

    def dynamodb(self) -> Any:
        return self.aws("dynamodb")

    def aws(self, service: str) -> Any:
        """A client of the stack's moto server, as anyone with its endpoint could make."""
        return boto3.client(
            service,
            endpoint_url=self.info["aws_endpoint_url"],
            region_name=self.info["region"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_stack(workdir: Path, *extra_args: str) -> RunningStack:
    state_file = workdir / "stack.json"
    log_file = workdir / "stack.log"
    log: IO[bytes] = log_file.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local_stack",
            "--port",
            "0",
            "--state-file",
            str(state_file),
            *extra_args,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not state_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise StackDidNotStart(log_file.read_text(errors="replace"))
        time.sleep(0.1)
    info = json.loads(state_file.read_text())
    return RunningStack(process=process, state_file=state_file, log_file=log_file, info=info)
