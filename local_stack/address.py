"""Print the running local stack's API address: `python -m local_stack.address`.

The tutorial starts with `API=$(.venv/bin/python -m local_stack.address)`, so its snippets work
on whatever port the stack was started (`PORT=8080 make run`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from local_stack.stack import NOT_RUNNING, read_state, state_file_from_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack.address", description=__doc__)
    parser.add_argument(
        "--state-file",
        type=Path,
        default=state_file_from_environment(),
        help="the running stack's stack.json (default .local/stack.json, or $LOCAL_STACK_STATE)",
    )
    state = read_state(parser.parse_args(argv).state_file)
    if state is None:
        print(NOT_RUNNING, file=sys.stderr)
        return 1
    print(state["api_url"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
