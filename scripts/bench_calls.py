"""Round trips per route, warm latency, and how the directory and the schedule scale.

Everything here runs in-process against moto (`mock_aws`), with the functions' own
`lambda_handler`s driven by the sample events in events/. AWS calls are counted with a
botocore hook; DynamoDB calls on the idempotency table are counted apart. Items read are what
DynamoDB's answers carry (moto reads whole tables where DynamoDB reads an index range, so
calls and items are compared, not moto's time).
"""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

SECRET_NAME = "bench-secret"  # noqa: S105 - the name of a moto secret, not a secret
SECRET_VALUE = "bench-secret-value-" * 4
TABLE = "bench"
IDEMPOTENCY_TABLE = "bench-idempotency"
MENTEE = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"
MENTOR = "4c2a9e1f-7b3d-4f5a-8e6c-0d2b4a6c8e1f"
ADMIN = "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"


@dataclass
class Tally:
    """AWS calls made while it is open (every client's, through botocore): per operation, and
    items read from DynamoDB."""

    calls: Counter[str] = field(default_factory=Counter)
    items_read: int = 0
    open: bool = False

    def install(self) -> None:
        from botocore.client import BaseClient  # noqa: PLC0415

        original = BaseClient._make_api_call
        tally = self

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            answer = original(client, operation, params)
            if tally.open:
                tally.record(client.meta.service_model.service_name, operation, params, answer)
            return answer

        BaseClient._make_api_call = counted

    def record(
        self, service: str, operation: str, params: dict[str, Any], answer: dict[str, Any]
    ) -> None:
        if service == "dynamodb" and params.get("TableName") == IDEMPOTENCY_TABLE:
            self.calls["idempotency"] += 1
            return
        if service != "dynamodb":
            self.calls[service] += 1
            return
        self.calls[f"dynamodb.{operation}"] += 1
        self.items_read += int(answer.get("ScannedCount", answer.get("Count", 0)) or 0)
        self.items_read += 1 if answer.get("Item") else 0
        self.items_read += sum(len(items) for items in answer.get("Responses", {}).values())

    @contextmanager
    def counting(self) -> Iterator[Tally]:
        self.calls.clear()
        self.items_read = 0
        self.open = True
        try:
            yield self
        finally:
            self.open = False

    def dynamodb(self) -> int:
        return sum(n for name, n in self.calls.items() if name.startswith("dynamodb."))

    def scans(self) -> int:
        return sum(n for name, n in self.calls.items() if name.endswith(".Scan"))


TALLY = Tally()
TALLY.install()


@dataclass
class RouteCalls:
    route: str
    write: bool
    dynamodb: int
    idempotency: int
    other: dict[str, int]
    scans: int
    # Erasure's budget is the person's own history, not a number (issue 12; docs/performance.md).
    bounded_by_history: bool = False

    @property
    def budget(self) -> int:
        return 3 if self.write else 2

    @property
    def within(self) -> bool:
        return (self.bounded_by_history or self.dynamodb <= self.budget) and self.scans == 0


class Bench:
    """One moto world with the template's tables and the functions loaded as Lambda would."""

    def __init__(self, environment_of: Callable[[str], dict[str, str]]):
        import boto3  # noqa: PLC0415

        from local_stack.moto_speed import keep_dynamodb_lean  # noqa: PLC0415
        from local_stack.resources import create_tables, create_user_pool  # noqa: PLC0415
        from local_stack.template import load_template  # noqa: PLC0415

        keep_dynamodb_lean()
        self.tally = TALLY
        self.dynamodb = boto3.client("dynamodb")
        create_tables(
            self.dynamodb,
            load_template(),
            {"MentoringTable": TABLE, "IdempotencyTable": IDEMPOTENCY_TABLE},
        )
        secret = boto3.client("secretsmanager").create_secret(
            Name=SECRET_NAME, SecretString=SECRET_VALUE
        )
        pool = create_user_pool(boto3.client("cognito-idp"), load_template(), "bench")
        overrides = {
            "TABLE_NAME": TABLE,
            "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
            "ACTION_SECRET_ARN": secret["ARN"],
            "USER_POOL_ID": pool.user_pool_id,
        }
        boto3.client("ses").verify_email_identity(
            EmailAddress=environment_of("notifications")["SENDER_EMAIL"]
        )
        from tests.support.lambdas import load_function  # noqa: PLC0415

        self.functions = {}
        for name in ("registration", "directory", "matching", "sessions", "evaluation"):
            os.environ.update(environment_of(name) | overrides)
            self.functions[name] = load_function(name)
        for name in ("reminders", "notifications"):
            os.environ.update(environment_of(name) | overrides)
            self.functions[name] = load_function(name)

    def call(self, function: str, name: str, **changes: Any) -> Any:
        from tests.support.lambdas import event, invoke  # noqa: PLC0415

        return invoke(self.functions[function], event(name, **changes))


# ---- calls per route ------------------------------------------------------------------------


def _token(request_id: str, action: str) -> str:
    from mentoring.domain.action_links import Action, ActionTokens  # noqa: PLC0415

    expires = datetime.now(UTC) + timedelta(days=10)
    return ActionTokens(SECRET_VALUE.encode()).issue(request_id, Action(action), expires)


def calls_per_route(bench: Bench) -> list[RouteCalls]:  # noqa: PLR0915 - one journey, in order
    """The scheme's journey, route by route, counting each route's AWS calls."""
    from tests.support.bodies import mentee_body, mentor_body  # noqa: PLC0415

    rows: list[RouteCalls] = []
    admin = {"sub": ADMIN, "groups": "admins"}
    as_mentor = {"sub": MENTOR, "email": "priya@example.org"}

    def measure(
        route: str, function: str, event: str, bounded_by_history: bool = False, **changes: Any
    ) -> Any:
        with bench.tally.counting() as tally:
            answer = bench.call(function, event, **changes)
        if answer.status >= 400:
            raise RuntimeError(f"{route} answered {answer.status}: {answer.text}")
        method = route.split(maxsplit=1)[0]
        other = {k: v for k, v in tally.calls.items() if "." not in k and k != "idempotency"}
        rows.append(
            RouteCalls(
                route,
                method != "GET",
                tally.dynamodb(),
                tally.calls["idempotency"],
                other,
                tally.scans(),
                bounded_by_history,
            )
        )
        return answer

    keys = iter(range(1, 100))

    def request() -> str:
        answer = measure(
            "POST /match-requests",
            "matching",
            "matching/post_match_requests",
            body={"mentor_id": MENTOR, "message": "Hello"},
            headers={"Idempotency-Key": f"bench-{next(keys)}"},
        )
        return str(answer.body["request_id"])

    measure("GET /scheme", "registration", "registration/get_scheme")
    measure("POST /mentees", "registration", "registration/post_mentees", body=mentee_body())
    measure(
        "POST /mentors",
        "registration",
        "registration/post_mentors",
        body=mentor_body(capacity=3),
        **as_mentor,
    )
    measure("GET /admin/mentors", "registration", "registration/get_admin_mentors", **admin)
    approve = {"path_parameters": {"user_id": MENTOR}} | admin
    measure(
        "POST /admin/mentors/{id}/approve",
        "registration",
        "registration/post_admin_approve_mentor",
        **approve,
    )
    measure("GET /me", "registration", "registration/get_me")
    measure("PATCH /me/mentee", "registration", "registration/patch_me_mentee")
    measure(
        "PATCH /me/mentor",
        "registration",
        "registration/patch_me_mentor",
        body={"bio": "Happy to talk through exams and rotas."},
        **as_mentor,
    )
    measure("GET /mentors", "directory", "directory/get_mentors", query={"limit": "20"})
    measure(
        "GET /mentors/{id}",
        "directory",
        "directory/get_mentor",
        path_parameters={"mentor_id": MENTOR},
    )
    first = request()
    measure("GET /match-requests", "matching", "matching/get_match_requests", query={})
    measure(
        "GET /match-requests/{id}",
        "matching",
        "matching/get_match_request",
        path_parameters={"request_id": first},
    )
    measure(
        "POST /match-requests/{id}/withdraw",
        "matching",
        "matching/post_withdraw",
        path_parameters={"request_id": first},
    )
    second = request()
    measure(
        "POST /match-requests/{id}/decline",
        "matching",
        "matching/post_decline",
        path_parameters={"request_id": second},
        body={"reason": "On leave"},
        **as_mentor,
    )
    third = request()
    token = _token(third, "accept")
    measure(
        "GET /actions/{token}", "matching", "matching/get_action", path_parameters={"token": token}
    )
    measure(
        "POST /actions/{token}",
        "matching",
        "matching/post_action",
        path_parameters={"token": token},
    )
    match_id = str(
        bench.call("matching", "matching/get_matches", query={}).body["items"][0]["match_id"]
    )
    measure("GET /matches", "matching", "matching/get_matches", query={})
    on_match = {"path_parameters": {"match_id": match_id}}
    measure("GET /matches/{id}", "matching", "matching/get_match", **on_match)
    starts = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0).isoformat()
    meeting_body = {
        "starts_at": starts,
        "duration_minutes": 45,
        "mode": "virtual",
        "video_link": "https://meet.example.org/bench",
    }
    meeting = measure(
        "POST /matches/{id}/meetings",
        "sessions",
        "sessions/post_meeting",
        body=meeting_body,
        **on_match,
    ).body["meeting_id"]
    measure("GET /matches/{id}/meetings", "sessions", "sessions/get_meetings", **on_match)
    on_meeting = {"path_parameters": {"match_id": match_id, "meeting_id": meeting}}
    measure(
        "POST .../meetings/{id}/confirm",
        "sessions",
        "sessions/post_confirm_meeting",
        **on_meeting,
        **as_mentor,
    )
    measure(
        "POST .../meetings/{id}/cancel", "sessions", "sessions/post_cancel_meeting", **on_meeting
    )
    declined = bench.call("sessions", "sessions/post_meeting", body=meeting_body, **on_match).body[
        "meeting_id"
    ]
    measure(
        "POST .../meetings/{id}/decline",
        "sessions",
        "sessions/post_decline_meeting",
        path_parameters={"match_id": match_id, "meeting_id": declined},
        **as_mentor,
    )
    held_on = date.today().isoformat()
    measure(
        "POST /matches/{id}/sessions",
        "sessions",
        "sessions/post_session",
        body={"held_on": held_on, "mode": "virtual", "duration_minutes": 45, "summary": "x"},
        **on_match,
        **as_mentor,
    )
    measure("GET /matches/{id}/sessions", "sessions", "sessions/get_sessions", **on_match)
    measure(
        "PUT .../sessions/{n}/mentee-notes",
        "sessions",
        "sessions/put_mentee_notes",
        path_parameters={"match_id": match_id, "session_number": "1"},
    )
    measure("POST /matches/{id}/end", "matching", "matching/post_end_match", **on_match)
    measure("POST /matches/{id}/evaluation", "evaluation", "evaluation/post_evaluation", **on_match)
    measure("GET /matches/{id}/evaluation", "evaluation", "evaluation/get_evaluation", **on_match)
    measure("GET /me/mentor/feedback", "evaluation", "evaluation/get_mentor_feedback", **as_mentor)
    measure("GET /admin/reports/summary", "evaluation", "evaluation/get_admin_report", **admin)
    fourth = request()
    measure(
        "POST /match-requests/{id}/accept",
        "matching",
        "matching/post_accept",
        path_parameters={"request_id": fourth},
        **as_mentor,
    )
    measure(
        "POST /admin/mentors/{id}/suspend",
        "registration",
        "registration/post_admin_suspend_mentor",
        path_parameters={"user_id": MENTOR},
        **admin,
    )
    measure("GET /me/export", "registration", "registration/get_me_export")
    measure("DELETE /me", "registration", "registration/delete_me", bounded_by_history=True)
    return rows


# ---- warm latency ---------------------------------------------------------------------------


def warm_latency(bench: Bench, runs: int = 40) -> dict[str, float]:
    """Median milliseconds of a few read routes, warm, beside one raw GetItem."""
    seeded_mentor = "warm-mentor"
    bench.call(
        "registration", "registration/post_mentors", sub=seeded_mentor, email="w@example.org"
    )
    bench.call(
        "registration",
        "registration/post_admin_approve_mentor",
        path_parameters={"user_id": seeded_mentor},
        sub=ADMIN,
        groups="admins",
    )
    cases: dict[str, Callable[[], Any]] = {
        "GetItem (raw boto3)": lambda: bench.dynamodb.get_item(
            TableName=TABLE, Key={"PK": {"S": f"USER#{seeded_mentor}"}, "SK": {"S": "MENTOR"}}
        ),
        "GET /scheme": lambda: bench.call("registration", "registration/get_scheme"),
        "GET /mentors/{id}": lambda: bench.call(
            "directory", "directory/get_mentor", path_parameters={"mentor_id": seeded_mentor}
        ),
        "GET /mentors (two filters)": lambda: bench.call(
            "directory",
            "directory/get_mentors",
            query={"specialty": "Cardiology", "language": "English"},
        ),
        "GET /me": lambda: bench.call("registration", "registration/get_me", sub=seeded_mentor),
    }
    found = cases["GET /mentors (two filters)"]().body["items"]
    if not found:
        raise RuntimeError("the two-filter search finds nobody: it would time an empty answer")
    results = {}
    for name, run in cases.items():
        run()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            run()
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = statistics.median(timings)
    return results


# ---- scale ----------------------------------------------------------------------------------


def _seed_mentors(bench: Bench, count: int, prefix: str) -> None:
    from mentoring.data.directory import term_items  # noqa: PLC0415
    from mentoring.data.dynamo import to_raw  # noqa: PLC0415
    from mentoring.data.profiles import mentor_item  # noqa: PLC0415
    from mentoring.domain.records import MentorRecord, MentorStatus  # noqa: PLC0415
    from tests.support.bodies import mentor_body  # noqa: PLC0415

    now = datetime.now(UTC)
    specialties = ["Paediatrics", "Surgery", "Psychiatry", "General Practice", "Radiology"]
    puts = []
    for number in range(count):
        body = mentor_body(
            name=f"Dr {prefix} {number:05d}",
            specialty=specialties[number % len(specialties)],
            country_of_origin="IS" if prefix == "few" and number < 3 else "NG",
            # The same three mentors hold the rare word however large the directory grows.
            bio="Glad to help with exams and rotas."
            + (" zebrafinch" if prefix == "few" and number < 3 else ""),
        )
        record = MentorRecord.model_validate(
            body
            | {
                "user_id": f"{prefix}-{number}",
                "email": f"{prefix}{number}@example.org",
                "created_at": now,
                "updated_at": now,
                "status": MentorStatus.APPROVED,
            }
        )
        puts.append({"PutRequest": {"Item": to_raw(mentor_item(record))}})
        # And its directory entries, as approval writes them.
        puts += [{"PutRequest": {"Item": to_raw(item)}} for item in term_items(record).values()]
    for start in range(0, len(puts), 25):
        bench.dynamodb.batch_write_item(RequestItems={TABLE: puts[start : start + 25]})


DIRECTORY_SEARCHES = {
    "`GET /mentors?q=<rare word>`": {"q": "zebrafinch"},
    "`GET /mentors?q=<its first letters>`": {"q": "zebr"},
    "`GET /mentors?country=<rare>`": {"country": "IS"},
    "`GET /mentors` (first page, no filter)": {},
}


def directory_scale(bench: Bench, small: int = 100, large: int = 5000) -> dict[str, Any]:
    """Searches whose answer stays the same (three mentors, or a first page) over `small` and
    then `large` approved mentors: calls and items read for each."""
    found: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in DIRECTORY_SEARCHES}
    _seed_mentors(bench, small, "few")
    for size in (small, large):
        if size == large:
            _seed_mentors(bench, large - small, "many")
        for name, query in DIRECTORY_SEARCHES.items():
            with bench.tally.counting() as tally:
                answer = bench.call("directory", "directory/get_mentors", query=query)
            found[name][size] = (tally.dynamodb(), tally.items_read)
            if answer.status != 200:
                raise RuntimeError(answer.text)
    return {"sizes": (small, large), "searches": found}


PERSON_ROUTES = {"export": "registration/get_me_export", "erasure": "registration/delete_me"}


def person_scale(bench: Bench, small: int = 100, large: int = 5000) -> dict[str, Any]:
    """One mentee's copy of their data and erasure (a request accepted into a match with a
    session and a meeting) in a scheme of `small` and then `large` mentors: calls and items
    read follow the person's own history, not the scheme."""
    from tests.support.bodies import mentee_body  # noqa: PLC0415

    found: dict[str, dict[int, tuple[int, int]]] = {"export": {}, "erasure": {}}
    _seed_mentors(bench, small, "few")
    for size in (small, large):
        if size == large:
            _seed_mentors(bench, large - small, "many")
        mentee = {"sub": f"leaving-{size}", "email": f"leaving{size}@example.org"}
        number = size % small + 10  # a seeded mentor with room
        mentor = {"sub": f"few-{number}", "email": f"few{number}@example.org"}

        def call(function: str, name: str, **changes: Any) -> Any:
            answer = bench.call(function, name, **changes)
            if answer.status >= 400:
                raise RuntimeError(f"{name} answered {answer.status}: {answer.text}")
            return answer

        call("registration", "registration/post_mentees", body=mentee_body(), **mentee)
        asked = call(
            "matching",
            "matching/post_match_requests",
            body={"mentor_id": mentor["sub"], "message": "Hello"},
            headers={"Idempotency-Key": f"leaving-{size}"},
            **mentee,
        ).body["request_id"]
        on_request = {"path_parameters": {"request_id": asked}}
        match_id = call("matching", "matching/post_accept", **on_request, **mentor).body["match_id"]
        on_match = {"path_parameters": {"match_id": match_id}}
        held = {"held_on": date.today().isoformat(), "mode": "virtual", "duration_minutes": 45}
        held["summary"] = "Talked through the first rotation."
        call("sessions", "sessions/post_session", body=held, **on_match, **mentor)
        starts = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0).isoformat()
        meeting = {"starts_at": starts, "duration_minutes": 45, "mode": "virtual"}
        meeting["video_link"] = "https://meet.example.org/leaving"
        call("sessions", "sessions/post_meeting", body=meeting, **on_match, **mentee)
        for kind, name in (
            ("export", "registration/get_me_export"),
            ("erasure", "registration/delete_me"),
        ):
            with bench.tally.counting() as tally:
                call("registration", name, **mentee)
            found[kind][size] = (tally.dynamodb(), tally.items_read)
    return {"sizes": (small, large), "calls": found}


def schedule_scale(bench: Bench, small: int = 5, large: int = 500) -> dict[str, Any]:
    """A schedule run with `small` and then `large` active matches, none of them due."""
    from mentoring.data.dynamo import to_raw  # noqa: PLC0415
    from mentoring.data.transitions import match_item  # noqa: PLC0415
    from mentoring.domain.records import MatchRecord, MatchStatus  # noqa: PLC0415

    now = datetime.now(UTC)

    def seed(count: int, prefix: str) -> None:
        puts = []
        for number in range(count):
            record = MatchRecord(
                match_id=f"{prefix}-{number}",
                request_id=f"r-{prefix}-{number}",
                mentee_id=f"me-{prefix}-{number}",
                mentor_id=f"mo-{prefix}-{number}",
                mentee_name="A",
                mentor_name="B",
                status=MatchStatus.ACTIVE,
                sessions_limit=4,
                started_at=now - timedelta(days=3),
            )
            puts.append({"PutRequest": {"Item": to_raw(match_item(record))}})
        for start in range(0, len(puts), 25):
            bench.dynamodb.batch_write_item(RequestItems={TABLE: puts[start : start + 25]})

    found: dict[int, tuple[int, int]] = {}
    seed(small, "few")
    run_at = first_working_morning_after(now)
    for size in (small, large):
        if size == large:
            seed(large - small, "many")
        with bench.tally.counting() as tally:
            bench.functions["reminders"].lambda_handler(
                {"scheduled_time": run_at.strftime("%Y-%m-%dT%H:%M:%SZ")}, _Context()
            )
        found[size] = (tally.dynamodb(), tally.items_read)
    return {"sizes": (small, large), "calls": found}


def first_working_morning_after(moment: datetime) -> datetime:
    from tests.support.clock import first_run_after  # noqa: PLC0415

    return first_run_after(moment)


class _Context:
    function_name = "bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:bench"
    aws_request_id = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


# ---- a new Code of Practice, announced at the scheme's size ---------------------------------


def _seed_people(bench: Bench, mentors: int, mentees: int) -> None:
    """Registered mentors and mentees, written as their registration would (in batches)."""
    from mentoring.data.dynamo import to_raw  # noqa: PLC0415
    from mentoring.data.keys import MENTEE as MENTEE_ROLE  # noqa: PLC0415
    from mentoring.data.keys import about, mentee_key, status_sort_key  # noqa: PLC0415
    from mentoring.data.profiles import mentor_item  # noqa: PLC0415
    from mentoring.domain.records import MenteeRecord, MentorRecord  # noqa: PLC0415
    from tests.support.bodies import mentee_body, mentor_body  # noqa: PLC0415

    now = datetime.now(UTC)
    puts = []
    for number in range(mentors):
        record = MentorRecord.model_validate(
            mentor_body(name=f"Dr Mentor {number:05d}")
            | {
                "user_id": f"mentor-{number}",
                "email": f"mentor{number}@example.org",
                "created_at": now,
                "updated_at": now,
            }
        )
        puts.append(to_raw(mentor_item(record)))
    for number in range(mentees):
        mentee = MenteeRecord.model_validate(
            mentee_body(name=f"Dr Mentee {number:05d}")
            | {
                "user_id": f"mentee-{number}",
                "email": f"mentee{number}@example.org",
                "created_at": now,
                "updated_at": now,
            }
        )
        data = mentee.model_dump(mode="json")
        key = mentee_key(mentee.user_id)
        item = {
            "PK": key[0],
            "SK": key[1],
            "entity": "mentee",
            "GSI2PK": MENTEE_ROLE,
            "GSI2SK": status_sort_key(mentee.status.value, data["created_at"], mentee.user_id),
            **about(mentee.user_id, key),
        } | data
        puts.append(to_raw(item))
    for start in range(0, len(puts), 25):
        batch = [{"PutRequest": {"Item": item}} for item in puts[start : start + 25]]
        bench.dynamodb.batch_write_item(RequestItems={TABLE: batch})


def publication_scale(bench: Bench, mentors: int, mentees: int) -> dict[str, Any]:
    """POST /admin/code-of-practice with `mentors` and `mentees` registered: the call's own
    time and AWS calls (it announces for as long as API Gateway waits), then what the next
    morning's schedule does to finish; each person's notifications counted at the end."""
    _seed_people(bench, mentors, mentees)
    body = {
        "version": "2027.1",
        "url": "https://example.org/code/2027.1",
        "summary": "Clearer guidance on confidentiality.",
    }
    started = time.perf_counter()
    with bench.tally.counting() as tally:
        answer = bench.call("registration", "registration/post_admin_code_of_practice", body=body)
    call_seconds = time.perf_counter() - started
    call_calls = tally.dynamodb()
    # Notifications written before this were the call's own (moto keeps the real clock).
    schedule_started = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    started = time.perf_counter()
    with bench.tally.counting() as tally:
        summary = bench.functions["reminders"].lambda_handler(
            {
                "scheduled_time": first_working_morning_after(datetime.now(UTC)).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                )
            },
            _Context(),
        )
    schedule_seconds = time.perf_counter() - started
    announced: Counter[str] = Counter()
    in_call = 0
    for page in bench.dynamodb.get_paginator("scan").paginate(
        TableName=TABLE,
        FilterExpression="kind = :kind",
        ExpressionAttributeValues={":kind": {"S": "code_of_practice_published"}},
    ):
        for item in page["Items"]:
            announced[item["to"]["L"][0]["S"]] += 1
            in_call += item["created_at"]["S"] < schedule_started
    return {
        "announced_in_call": in_call,
        "people": mentors + mentees,
        "status": answer.status,
        "call_seconds": call_seconds,
        "call_dynamodb_calls": call_calls,
        "schedule_seconds": schedule_seconds,
        "schedule_dynamodb_calls": tally.dynamodb(),
        "schedule_summary": summary,
        "notified_people": len(announced),
        "most_notifications_to_one_person": max(announced.values(), default=0),
    }
