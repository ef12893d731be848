"""Standing over HTTP, on a stack of its own (a new Code of Practice changes what every later
registration must agree to): the administrator's routine as docs/standing.md gives it, then a
mentor whose training lapses leaving the directory and coming back when it is renewed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.test_tutorial import marked_blocks, run_as_pasted
from tests.support.clients import demo_client
from tests.support.lambdas import ROOT
from tests.support.local_pages import emails_to, run_schedule
from tests.support.stack import RunningStack, start_stack


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = start_stack(Path(tmp_path_factory.mktemp("standing-stack")))
    yield running
    running.stop()


def test_the_administrators_routine_runs_as_pasted(own_stack: RunningStack) -> None:
    result = run_as_pasted(marked_blocks(ROOT / "docs" / "standing.md", "standing"), own_stack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"error"' not in result.stdout, result.stdout
    answers = result.stdout.splitlines()
    assert answers[0].startswith('{"standing":"good"')
    assert '"course":"refresher"' in answers[1]
    assert '"attendees":[' in answers[2]
    assert '"standing":"due"' in answers[5]
    assert '"code":"code_of_practice_not_agreed"' in answers[5]
    assert answers[6].startswith('{"standing":"good"')
    amara = demo_client(own_stack, "mentor")
    announced = [
        e for e in emails_to(own_stack, amara.email) if "new Code of Practice" in e["subject"]
    ]
    assert len(announced) == 1


def test_a_lapsed_mentor_leaves_the_directory_until_trained_again(own_stack: RunningStack) -> None:
    admin = demo_client(own_stack, "administrator")
    mentor = demo_client(own_stack, "mentor")
    mentor_id = mentor.call("GET", "/me").body["user_id"]
    valid_until = mentor.call("GET", "/me/standing").body["training"]["valid_until"]
    after = datetime.fromisoformat(valid_until).replace(tzinfo=UTC).replace(year=2031)

    summary = run_schedule(own_stack, after.replace(month=1, day=13, hour=8))

    assert summary["standing_lapsed"] >= 1
    assert mentor.call("GET", "/me/standing").body["standing"] == "lapsed"
    assert admin.call("GET", f"/mentors/{mentor_id}").status == 404
    renewed = admin.call(
        "POST",
        f"/admin/mentors/{mentor_id}/training",
        {"course": "refresher", "completed_on": datetime.now(UTC).date().isoformat()},
    )
    assert renewed.status == 201
    assert mentor.call("GET", "/me/standing").body["standing"] != "lapsed"
    assert admin.call("GET", f"/mentors/{mentor_id}").status == 200
