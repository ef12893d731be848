"""schemathesis, reading only the API document, finds nothing as a mentee, mentor or admin."""

from __future__ import annotations

import json
import re

from scripts.fuzz import (
    ALL_CHECKS,
    NOT_FITTING,
    SHORT_EXAMPLES,
    STATEFUL,
    STATEFUL_EXAMPLES,
    TEST_SEED,
    Budget,
    fuzz,
)
from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack


def failures(report: str) -> str:
    """The part of schemathesis's report that says what failed and how to reproduce it."""
    start = report.find("FAILURES")
    return report[start : start + 8000] if start >= 0 else report[-4000:]


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(
    stack: RunningStack,
) -> None:
    results = fuzz(stack, Budget(SHORT_EXAMPLES, TEST_SEED))

    failed = {role: failures(run.stdout) for role, run in results.items() if run.returncode != 0}
    assert not failed, "\n\n".join(f"== as {role}:\n{out}" for role, out in failed.items())
    operations = sum(
        1
        for methods in json.loads((ROOT / "openapi.json").read_text())["paths"].values()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    )
    for run in results.values():
        assert "No issues found" in run.stdout
        # Every operation but account erasure and publishing a Code was exercised.
        assert f"Tested: {operations - 2}" in run.stdout


def test_schemathesis_chaining_operations_through_their_links_finds_nothing(
    stack: RunningStack,
) -> None:
    results = fuzz(
        stack, Budget(STATEFUL_EXAMPLES, TEST_SEED, ALL_CHECKS, NOT_FITTING, phases=STATEFUL)
    )

    failed = {role: failures(run.stdout) for role, run in results.items() if run.returncode != 0}
    assert not failed, "\n\n".join(f"== as {role}:\n{out}" for role, out in failed.items())
    for run in results.values():
        assert "No issues found" in run.stdout
        # Links were inferred from the document and some followed with real ids.
        links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", run.stdout)
        assert links, run.stdout[-2000:]
        assert int(links[1]) > 0
        assert int(links[2]) > 0
