"""Run the local stack (`python -m local_stack`) in a subprocess on a free loopback port."""

from __future__ import annotations

import json
import os
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
    console_file: Path  # what a terminal would show
    log_file: Path  # the JSON logs (.local/stack.log)
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
        """Signal the stack's whole process group, as Ctrl-C at a terminal (or `kill -- -pid`)
        does: every process the stack started that shares its group gets the signal too."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_stack(
    workdir: Path, *extra_args: str, in_background_of_a_shell: bool = False
) -> RunningStack:
    """`in_background_of_a_shell`: started as `make run &` from a script is, SIGINT ignored."""
    state_file = workdir / "stack.json"
    console_file = workdir / "console.txt"
    console: IO[bytes] = console_file.open("wb")
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
        stdout=console,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a group of its own, as a terminal's foreground job has
        preexec_fn=_ignore_sigint if in_background_of_a_shell else None,  # noqa: PLW1509
    )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not state_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise StackDidNotStart(console_file.read_text(errors="replace"))
        time.sleep(0.1)
    info = json.loads(state_file.read_text())
    return RunningStack(
        process=process,
        state_file=state_file,
        console_file=console_file,
        log_file=workdir / "stack.log",
        info=info,
    )


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
