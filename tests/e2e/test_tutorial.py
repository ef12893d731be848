"""The tutorial (docs/tutorial.md) and the README's tour run as pasted against the local stack,
which the tests start on a free port: never the 3000 the examples show."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack

SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def marked_blocks(document: Path, marker: str) -> str:
    """Every sh block between `<!-- marker:start -->` and `<!-- marker:end -->`, in order."""
    text = document.read_text(encoding="utf-8")
    sections = re.findall(rf"<!-- {marker}:start -->\n(.*?)<!-- {marker}:end -->", text, re.S)
    assert sections, f"{document.name} has lost its {marker}"
    return "\n".join(block for section in sections for block in SH_BLOCK.findall(section))


def run_as_pasted(script: str, stack: RunningStack) -> subprocess.CompletedProcess[str]:
    assert not stack.api_url.endswith(":3000")
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        # Where this test's stack wrote its state (a developer's is .local/stack.json).
        env={**os.environ, "LOCAL_STACK_STATE": str(stack.state_file)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_the_tutorial_runs_as_pasted_on_any_port(stack: RunningStack) -> None:
    result = run_as_pasted(marked_blocks(ROOT / "docs" / "tutorial.md", "tutorial"), stack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"error"' not in result.stdout, result.stdout
    # Every answer on a line of its own: none runs into the next.
    assert "}{" not in result.stdout
    assert '"session_number":4' in result.stdout
    assert '"end_reason":"sessions_complete"' in result.stdout
    assert '"overall_rating":5' in result.stdout
    assert '"registration_number":"7345678"' in result.stdout  # the export
    assert "\n204\n" in result.stdout  # the erasure
    assert '"status":"approved"' in result.stdout  # the administrator approved the mentor
    assert '"decline_reason":"I am on leave until March."' in result.stdout
    assert '"end_reason":"ended_by_mentee"' in result.stdout
    assert '"position":1,"status":"waiting"' in result.stdout  # joined a waiting list
    assert '"status":"offered"' in result.stdout  # and was offered the place
    assert "\n204\n" in result.stdout.split('"status":"offered"', 1)[1]  # then left it
    assert '"response":"Thank you. I have spoken with your mentor."' in result.stdout


def test_the_readme_tour_runs_as_pasted(stack: RunningStack) -> None:
    result = run_as_pasted(marked_blocks(ROOT / "README.md", "tour"), stack)

    assert result.returncode == 0, result.stdout + result.stderr
    answers = result.stdout.splitlines()
    assert len(answers) == 3
    assert '"sessions_limit":' in answers[0]
    assert all(answer.startswith("{") for answer in answers)
