"""`make run`: the whole API on http://127.0.0.1:3000 (PORT overrides), until Ctrl-C or SIGTERM.

The console shows the banner and one line per API request; the functions' JSON logs go to
.local/stack.log (`--verbose`, or `make run VERBOSE=1`, shows them on the console too).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TextIO

from local_stack.stack import DEFAULT_STATE_FILE, LocalStack, StackInfo, write_state


def _banner(info: StackInfo, logs: str) -> str:
    lines = [
        "",
        "IMG Peer Mentoring - local stack is ready",
        f"  API            {info.api_url}",
        f"  API docs       {info.api_url}/docs",
        f"  Emails         {info.api_url}/local/emails",
        f"  AWS (moto)     {info.aws_endpoint_url}  region {info.region}",
        f"  User pool      {info.user_pool_id}  app client {info.user_pool_client_id}",
        "",
        "Demo users (all with the same password):",
    ]
    for user in info.demo_users:
        lines.append(f"  {user['email']:<28} {user['role']:<20} {user['name']}")
    if info.demo_users:
        lines += [
            f"  password: {info.demo_users[0]['password']}",
            "",
            "Get an ID token:  .venv/bin/python -m local_stack.signin samuel.mensah@example.org",
        ]
    lines += [f"Logs: {logs}", "Stop with Ctrl-C.", ""]
    return "\n".join(lines)


class _StopRequested(Exception):
    """Ctrl-C or SIGTERM: stop everything, once."""


def _stop_on_signal(_signum: int, _frame: FrameType | None) -> None:
    # A second signal must not interrupt the stop already under way.
    for stopping in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stopping, signal.SIG_IGN)
    raise _StopRequested


def _shown(path: Path) -> str:
    """The log's path as the user would type it: relative to where they are, if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE)
    parser.add_argument("--no-seed", action="store_true", help="start without demo users")
    parser.add_argument(
        "--log-file", type=Path, help="the JSON logs (default: stack.log beside the state file)"
    )
    parser.add_argument("--verbose", action="store_true", help="the JSON logs on the console too")
    args = parser.parse_args(argv)

    # Installed whatever the process inherited: a job started in the background by a shell
    # begins with SIGINT ignored, and must still stop on it.
    for stopping in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stopping, _stop_on_signal)
    # The gateway prints one line per API request; moto's and werkzeug's own lines are noise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    log_path = args.log_file or args.state_file.with_name("stack.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8", buffering=1) as log:
        return _run(args, None if args.verbose else log, log_path)


def _run(args: argparse.Namespace, log: TextIO | None, log_path: Path) -> int:
    stack = LocalStack(host=args.host, port=args.port, log=log)
    wrote_state = False
    try:
        info = stack.start(seed=not args.no_seed)
        write_state(info, args.state_file)
        wrote_state = True
        logs = "on the console" if log is None else _shown(log_path)
        print(_banner(info, logs), flush=True)
        stack.serve_in_background()
        while True:
            signal.pause()
    except _StopRequested:
        pass
    except OSError as error:
        print(f"Could not start the local stack: {error}", file=sys.stderr)
        return 1
    except SystemExit:
        # werkzeug has said the port is taken; say how to move.
        print(
            f"Is the local stack already running on port {args.port}? "
            "Stop it, or start this one elsewhere: PORT=8080 make run",
            file=sys.stderr,
        )
        return 1
    finally:
        print("Stopping the local stack...", flush=True)
        stack.stop()
        # Only this stack's own file: a stack that could not start leaves a running one's alone.
        if wrote_state:
            args.state_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
