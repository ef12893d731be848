"""The README's snippets run as written against the local stack: its tutorial and journey."""

from __future__ import annotations

import os
import re
import subprocess

from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack

README = (ROOT / "README.md").read_text(encoding="utf-8")
SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def marked_blocks(marker: str) -> str:
    """Every sh block between `<!-- marker:start -->` and `<!-- marker:end -->`, in order."""
    sections = re.findall(rf"<!-- {marker}:start -->\n(.*?)<!-- {marker}:end -->", README, re.S)
    assert sections, f"the README has lost its {marker}"
    return "\n".join(block for section in sections for block in SH_BLOCK.findall(section))


def run(script: str, stack: RunningStack) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script.replace("http://127.0.0.1:3000", stack.api_url)],
        cwd=ROOT,
        env={**os.environ, "LOCAL_STACK_STATE": str(stack.state_file)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_readme_tutorial_runs_as_pasted(stack: RunningStack) -> None:
    result = run(marked_blocks("tutorial"), stack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"error"' not in result.stdout, result.stdout
    assert '"status":"approved"' in result.stdout  # the administrator approved the mentor
    assert '"decline_reason":"I am on leave until March."' in result.stdout
    assert '"end_reason":"ended_by_mentee"' in result.stdout


def test_the_readme_journey_runs_as_written(stack: RunningStack) -> None:
    result = run(marked_blocks("journey"), stack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"error"' not in result.stdout, result.stdout
    assert '"session_number":4' in result.stdout
    assert '"end_reason":"sessions_complete"' in result.stdout
    assert '"overall_rating":5' in result.stdout
    assert '"registration_number":"7345678"' in result.stdout  # the export
    assert result.stdout.rstrip().endswith("204")
