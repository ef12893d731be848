"""The request ladder step by step: each rung at its exact boundary, taken once with its log
line, counted once per request, and a request the index shows but that has moved on left
alone."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from mentoring.domain.records import RequestStatus
from mentoring.domain.working_days import deadline_after
from mentoring.services.ladder import Rung
from mentoring.services.schedule import RunSummary
from tests.support.logs import captured_logs
from tests.support.scheme import Scheme

RESPOND_BY = datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC)  # a request of Wed 25 Nov 2026
ESCALATE_FROM = deadline_after(RESPOND_BY, 2)  # Fri 4 Dec, 23:59:59
EXPIRE_FROM = deadline_after(RESPOND_BY, 5)  # Wed 9 Dec, 23:59:59


def a_request(scheme: Scheme, **mentee_fields: str) -> str:
    return scheme.request(scheme.mentee(**mentee_fields), scheme.mentor()).request_id


def chase(scheme: Scheme, request_id: str, now: datetime) -> Rung | None:
    request = scheme.stores.requests.get(request_id)
    assert request is not None
    return scheme.reminders_ladder().chase(request, now)


def test_each_rung_begins_only_after_its_boundary(scheme: Scheme) -> None:
    request_id = a_request(scheme)

    assert chase(scheme, request_id, ESCALATE_FROM) is Rung.REMINDED  # not yet escalated
    assert chase(scheme, request_id, EXPIRE_FROM) is Rung.ESCALATED  # not yet expired
    assert chase(scheme, request_id, EXPIRE_FROM + timedelta(seconds=1)) is Rung.EXPIRED


def test_a_rung_taken_meanwhile_is_not_taken_or_counted_again(scheme: Scheme) -> None:
    request_id = a_request(scheme)
    stale = scheme.stores.requests.get(request_id)
    assert stale is not None
    ladder = scheme.reminders_ladder()
    run = RESPOND_BY + timedelta(hours=9)

    assert ladder.chase(stale, run) is Rung.REMINDED
    assert ladder.chase(stale, run) is None  # the same read again: its rung is taken
    scheme.requests.withdraw(scheme.principal_of(stale.mentee_id), request_id)
    assert ladder.chase(stale, EXPIRE_FROM + timedelta(hours=9)) is None  # closed meanwhile


def test_each_step_is_logged_by_request_and_rung(scheme: Scheme) -> None:
    request_id = a_request(scheme)

    with captured_logs() as logs:
        chase(scheme, request_id, RESPOND_BY + timedelta(hours=9))
        chase(scheme, request_id, EXPIRE_FROM + timedelta(hours=9))

    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    steps = [(n["message"], n["request_id"], n.get("step")) for n in lines if "request_id" in n]
    assert ("Ladder step done", request_id, "reminded_at") in steps
    assert ("Match request expired", request_id, None) in steps


def test_the_reminder_describes_the_mentee_from_their_profile(scheme: Scheme) -> None:
    request_id = a_request(scheme, grade="CT2", specialty="Psychiatry")

    chase(scheme, request_id, RESPOND_BY + timedelta(hours=9))

    assert "CT2, Psychiatry" in scheme.mailer.last("reminder").text


def test_a_run_counts_every_request_it_moves(scheme: Scheme) -> None:
    requests = [a_request(scheme) for _ in range(2)]
    step = scheme.overdue_requests()
    summaries = []
    for run in (
        RESPOND_BY + timedelta(hours=9),
        EXPIRE_FROM - timedelta(hours=1),
        EXPIRE_FROM + timedelta(hours=9),
    ):
        summary = RunSummary()
        step.run(run, summary)
        summaries.append((summary.reminded, summary.escalated, summary.expired))

    assert summaries == [(2, 0, 0), (0, 2, 0), (0, 0, 2)]
    assert all(
        scheme.requests.get(scheme.admin, r).status == RequestStatus.EXPIRED for r in requests
    )


def test_a_request_the_index_still_shows_but_that_moved_on_is_left_alone(scheme: Scheme) -> None:
    answered = a_request(scheme)
    request = scheme.stores.requests.get(answered)
    assert request is not None
    scheme.answers.accept(scheme.principal_of(request.mentor_id), answered)

    @dataclasses.dataclass
    class LaggingIndex:
        def overdue_ids(self, now: datetime) -> Iterator[str]:
            yield from (answered, "gone-from-the-table")

    step = dataclasses.replace(scheme.overdue_requests(), lists=LaggingIndex())  # type: ignore[arg-type]
    summary = RunSummary()
    with captured_logs() as logs:
        step.run(EXPIRE_FROM + timedelta(hours=9), summary)

    assert (summary.reminded, summary.escalated, summary.expired) == (0, 0, 0)
    assert "Scheduled step failed" not in logs.getvalue()
    assert scheme.requests.get(scheme.admin, answered).status == RequestStatus.ACCEPTED


def test_a_request_that_fails_is_logged_by_its_id_and_the_run_goes_on(scheme: Scheme) -> None:
    failing, fine = a_request(scheme), a_request(scheme)

    class Breaks:
        def __init__(self, real: object) -> None:
            self.real = real

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

        def get(self, request_id: str) -> object:
            if request_id == failing:
                raise RuntimeError("PRIVATE text of the failure")
            return self.real.get(request_id)  # type: ignore[attr-defined]

    step = dataclasses.replace(
        scheme.overdue_requests(),
        requests=Breaks(scheme.stores.requests),  # type: ignore[arg-type]
    )
    summary = RunSummary()
    with captured_logs() as logs:
        step.run(RESPOND_BY + timedelta(hours=9), summary)

    (failure,) = [
        json.loads(line) for line in logs.getvalue().splitlines() if "Scheduled step failed" in line
    ]
    assert (failure["item_kind"], failure["item_id"]) == ("request", failing)
    assert "PRIVATE" not in logs.getvalue()
    assert summary.reminded == 1
    assert scheme.stores.requests.get(fine) is not None
