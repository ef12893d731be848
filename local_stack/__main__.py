"""`make run`: the whole API on http://127.0.0.1:3000 (PORT overrides), until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from local_stack.stack import DEFAULT_STATE_FILE, LocalStack, StackInfo, write_state


def _banner(info: StackInfo) -> str:
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
    lines += ["Stop with Ctrl-C.", ""]
    return "\n".join(lines)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE)
    parser.add_argument("--no-seed", action="store_true", help="start without demo users")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # The gateway prints one line per API request; moto's and werkzeug's own lines are noise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    stack = LocalStack(host=args.host, port=args.port)
    wrote_state = False
    try:
        info = stack.start(seed=not args.no_seed)
        write_state(info, args.state_file)
        wrote_state = True
        print(_banner(info), flush=True)
        stack.serve_forever()
    except KeyboardInterrupt:
        pass  # Ctrl-C while starting; werkzeug swallows it while serving
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
        print("\nStopping the local stack...", flush=True)
        stack.stop()
        # Only this stack's own file: a stack that could not start leaves a running one's alone.
        if wrote_state:
            args.state_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
