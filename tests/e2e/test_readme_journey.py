"""The README's journey of a mentee runs as written against the local stack."""

from __future__ import annotations

import os
import re
import subprocess

from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack


def journey_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- journey:start -->\n```sh\n(.*?)```\n<!-- journey:end -->", readme, re.S
    )
    assert block, "the README has lost its journey"
    return block.group(1)


def test_the_readme_journey_runs_as_written(stack: RunningStack) -> None:
    script = journey_script().replace("API=http://127.0.0.1:3000", f"API={stack.api_url}")

    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        env={**os.environ, "LOCAL_STACK_STATE": str(stack.state_file)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"error"' not in result.stdout, result.stdout
    assert '"session_number":4' in result.stdout
    assert '"end_reason":"sessions_complete"' in result.stdout
    assert '"overall_rating":5' in result.stdout
    assert '"registration_number":"7345678"' in result.stdout  # the export
    assert result.stdout.rstrip().endswith("204")
