"""`make bench`: what a user waits for, and what the scheme costs as it grows. Writes
bench/RESULTS.md and prints it. Performance is measured here, never asserted in a test.

- cold start of every function (a new process, one request) beside a reference process, on
  what `sam build` ships (scripts/bench_cold.py);
- AWS calls per route along the scheme's journey, with a check that nothing scans, and warm
  latency beside one raw GetItem (scripts/bench_calls.py);
- the directory and the schedule at two sizes: calls and items read, not time (moto reads
  whole tables where DynamoDB reads index ranges);
- accepting a mentor's last place with five other requests waiting.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT), str(ROOT / "scripts")]
RESULTS = ROOT / "bench" / "RESULTS.md"

ENVIRONMENT = {
    "AWS_DEFAULT_REGION": "eu-west-2",
    "AWS_REGION": "eu-west-2",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}
SECRET = "bench-secret"  # noqa: S105 - the name of a moto secret, not a secret
os.environ.update(ENVIRONMENT)


# The framework's floor taken apart, one layer at a time, each answering the directory's
# request with one GetItem: what any function built on these libraries pays before our code.
FLOOR_STEPS = (
    ("1: Powertools' Logger and Metrics, one GetItem", "observed.py"),
    ("2: + Powertools' REST resolver", "routed.py"),
    ("3: + one small pydantic model", "modelled.py"),
    ("4: + request validation, the framework alone", "app.py"),
)


def function_environment_of(folder: str) -> dict[str, str]:
    """The function's own settings, as the template deploys them by default."""
    from local_stack.parameters import references  # noqa: PLC0415
    from local_stack.template import (  # noqa: PLC0415
        function_environment,
        load_template,
        resources_of_type,
    )

    template = load_template()
    for function_id, properties in resources_of_type(template, "AWS::Serverless::Function").items():
        if properties["CodeUri"].rstrip("/").endswith(folder):
            return function_environment(
                template,
                function_id,
                references(SECRET, "bench-pool"),
                overrides={"PUBLIC_API_URL": "https://bench.example.org"},
            ) | {"TABLE_NAME": "bench", "IDEMPOTENCY_TABLE_NAME": "bench-idempotency"}
    raise KeyError(folder)


def cold_starts() -> tuple[list[Any], str]:
    """Each function in a new process, against a moto server holding a little data."""
    from bench_cold import ColdCase, measure  # noqa: PLC0415

    from local_stack.moto_server import MotoServer  # noqa: PLC0415
    from tests.support.lambdas import sample_event  # noqa: PLC0415

    server = MotoServer().start()
    saved = os.environ.get("AWS_ENDPOINT_URL")
    os.environ["AWS_ENDPOINT_URL"] = server.endpoint_url
    try:
        import boto3  # noqa: PLC0415

        from local_stack.resources import create_tables, create_user_pool  # noqa: PLC0415
        from local_stack.template import load_template  # noqa: PLC0415

        dynamodb = boto3.client("dynamodb")
        create_tables(
            dynamodb,
            load_template(),
            {"MentoringTable": "bench", "IdempotencyTable": "bench-idempotency"},
        )
        secret = boto3.client("secretsmanager").create_secret(Name=SECRET, SecretString="s" * 64)
        pool = create_user_pool(boto3.client("cognito-idp"), load_template(), "bench")
        notification = sample_event("notifications/new_request")

        def unsent_notification() -> None:
            """The batch's notification as written, unsent: each run sends its email."""
            for record in notification["Records"]:
                dynamodb.put_item(TableName="bench", Item=record["dynamodb"]["NewImage"])

        sender = function_environment_of("notifications")["SENDER_EMAIL"]
        boto3.client("ses").verify_email_identity(EmailAddress=sender)
        overrides = {
            "TABLE_NAME": "bench",
            "IDEMPOTENCY_TABLE_NAME": "bench-idempotency",
            "ACTION_SECRET_ARN": secret["ARN"],
            "USER_POOL_ID": pool.user_pool_id,
        }
        run = datetime.now(UTC).strftime("%Y-%m-%dT08:00:00Z")
        directory = sample_event("directory/get_mentors")
        directory["queryStringParameters"] = {"specialty": "Paediatrics", "language": "English"}
        directory["multiValueQueryStringParameters"] = {
            "specialty": ["Paediatrics"],
            "language": ["English"],
        }
        cases = [
            ColdCase(
                "directory",
                "DirectoryFunction",
                "directory (GET /mentors?specialty&language)",
                directory,
            ),
            ColdCase(
                "registration",
                "RegistrationFunction",
                "registration (GET /me)",
                sample_event("registration/get_me"),
            ),
            ColdCase(
                "matching",
                "MatchingFunction",
                "matching (GET /match-requests)",
                sample_event("matching/get_match_requests"),
            ),
            ColdCase(
                "sessions",
                "SessionsFunction",
                "sessions (GET /matches/{id}/sessions)",
                sample_event("sessions/get_sessions"),
            ),
            ColdCase(
                "evaluation",
                "EvaluationFunction",
                "evaluation (GET /me/mentor/feedback)",
                sample_event("evaluation/get_mentor_feedback"),
            ),
            ColdCase(
                "reminders",
                "RemindersFunction",
                "reminders (a scheduled run)",
                {"scheduled_time": run},
            ),
            ColdCase(
                "notifications",
                "NotificationsFunction",
                "notifications (a stream batch, one email sent)",
                notification,
                prepare=unsent_notification,
            ),
            *(
                ColdCase(
                    "directory",
                    "",
                    f"*floor {step}* (scripts/bench_floor/{entry})",
                    directory,
                    folder=ROOT / "scripts" / "bench_floor",
                    entry=entry,
                )
                for step, entry in FLOOR_STEPS
            ),
        ]
        return measure(cases, function_environment_of, server.endpoint_url, overrides)
    finally:
        if saved is None:
            os.environ.pop("AWS_ENDPOINT_URL", None)
        else:
            os.environ["AWS_ENDPOINT_URL"] = saved
        server.stop()


def in_process() -> dict[str, Any]:
    from bench_calls import (  # noqa: PLC0415
        Bench,
        calls_per_route,
        directory_scale,
        person_scale,
        publication_scale,
        schedule_scale,
        warm_latency,
    )
    from moto import mock_aws  # noqa: PLC0415

    with mock_aws():
        bench = Bench(function_environment_of)
        routes = calls_per_route(bench)
        warm = warm_latency(bench)
    with mock_aws():
        directory = directory_scale(Bench(function_environment_of))
    with mock_aws():
        schedule = schedule_scale(Bench(function_environment_of))
    with mock_aws():
        person = person_scale(Bench(function_environment_of))
    with mock_aws():
        publication = publication_scale(
            Bench(function_environment_of), PUBLICATION_MENTORS, PUBLICATION_MENTEES
        )
    return {
        "publication": publication,
        "routes": routes,
        "warm": warm,
        "directory": directory,
        "schedule": schedule,
        "person": person,
    }


LAST_PLACE_RUNS = 15
# The scheme's size the issue asks a publication to reach (make bench takes a while on it).
PUBLICATION_MENTORS = 3_000
PUBLICATION_MENTEES = 30_000


def last_place_accept() -> dict[str, float]:
    """POST /match-requests/{id}/accept taking a mentor's last place while 5 other requests
    wait on them (they are declined, mentor_full): time, and AWS calls made inside the call."""
    os.environ.update(ENVIRONMENT | function_environment_of("matching"))
    import boto3  # noqa: PLC0415
    from bench_calls import Tally  # noqa: PLC0415
    from moto import mock_aws  # noqa: PLC0415

    from local_stack.moto_speed import keep_dynamodb_lean  # noqa: PLC0415
    from local_stack.resources import create_tables  # noqa: PLC0415
    from local_stack.template import load_template  # noqa: PLC0415
    from tests.support.bodies import mentee_body, mentor_body  # noqa: PLC0415
    from tests.support.lambdas import event, invoke, load_function  # noqa: PLC0415

    # Counted in botocore itself: the functions' clients may come from any session.
    tally = Tally()
    tally.install()
    timings: list[float] = []
    per_call: dict[str, int] = {}
    keep_dynamodb_lean()  # moto's own cost, not the product's (see the module)
    with mock_aws():
        dynamodb = boto3.client("dynamodb")
        boto3.client("secretsmanager").create_secret(Name=SECRET, SecretString="s" * 64)
        sender = os.environ.get("SENDER_EMAIL", "")
        if sender:
            boto3.client("ses").verify_email_identity(EmailAddress=sender)
        os.environ.update(function_environment_of("registration"))
        registration = load_function("registration")
        os.environ.update(function_environment_of("matching"))
        matching = load_function("matching")
        for run in range(LAST_PLACE_RUNS):
            # Fresh tables each run: moto still copies a table's map of items for every
            # transaction, which DynamoDB does not, so a growing table would measure moto.
            for table in dynamodb.list_tables()["TableNames"]:
                dynamodb.delete_table(TableName=table)
            create_tables(
                dynamodb,
                load_template(),
                {"MentoringTable": "bench", "IdempotencyTable": "bench-idempotency"},
            )
            mentor = f"last-place-mentor-{run}"
            invoke(
                registration,
                event(
                    "registration/post_mentors",
                    sub=mentor,
                    email=f"{mentor}@example.org",
                    body=mentor_body(name=f"Dr Mentor {run}", capacity=1),
                ),
            )
            invoke(
                registration,
                event(
                    "registration/post_admin_approve_mentor",
                    path_parameters={"user_id": mentor},
                    sub="a",
                    groups="admins",
                ),
            )
            request_ids = []
            for number in range(6):
                mentee = f"last-place-mentee-{run}-{number}"
                invoke(
                    registration,
                    event(
                        "registration/post_mentees",
                        sub=mentee,
                        email=f"{mentee}@example.org",
                        body=mentee_body(name=f"Dr Mentee {number}"),
                    ),
                )
                answer = invoke(
                    matching,
                    event(
                        "matching/post_match_requests",
                        sub=mentee,
                        body={"mentor_id": mentor, "message": "Hello"},
                        headers={"Idempotency-Key": f"bench-{run}-{number}"},
                    ),
                )
                request_ids.append(answer.body["request_id"])
            with tally.counting():
                started = time.perf_counter()
                answer = invoke(
                    matching,
                    event(
                        "matching/post_accept",
                        sub=mentor,
                        path_parameters={"request_id": request_ids[0]},
                    ),
                )
                timings.append((time.perf_counter() - started) * 1000)
            if answer.status != 200:
                raise RuntimeError(f"accept answered {answer.status}: {answer.body}")
            per_call = {
                "dynamodb": tally.dynamodb(),
                "ses": tally.calls["sesv2"] + tally.calls["ses"],
            }
    return {
        "median_ms": statistics.median(timings),
        "dynamodb_calls": per_call["dynamodb"],
        "ses_calls": per_call["ses"],
    }


def report(cold: list[Any], origin: str, measured: dict[str, Any], accept: dict[str, Any]) -> str:
    lines = [
        "# Benchmarks (`make bench`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M}Z on {os.cpu_count()} cores; one run of "
        "`make bench`, every ratio within it.",
        "",
        "## Cold start",
        "",
        "A new process imports the function and answers one request (the function's template "
        "environment, a moto server on loopback), beside a reference process that imports "
        "boto3, makes a DynamoDB client and does one GetItem; runs alternate, 11 of each. "
        f"Function code: {origin}; layer: built by shared/Makefile (sam build's own recipe) "
        "for this machine, bytecode included, without the runtime's boto3, every file dated "
        "1980-01-01 as `sam deploy`'s zip dates it. Target: at most 1.3. "
        "The floor rows are no function of ours: the libraries every function stands on, "
        "added one at a time (Powertools' Logger and Metrics; its REST resolver; one pydantic "
        "model, as each function's configuration is; the resolver's request validation, which "
        "gives the contract's 422s), each answering the same request with one GetItem.",
        "",
        "| function (request) | function ms | reference ms | ratio |",
        "|---|---|---|---|",
    ]
    for result in cold:
        lines.append(
            f"| {result.label} | {result.function_ms:.0f} | {result.reference_ms:.0f} "
            f"| {result.ratio:.2f} |"
        )
    routes = measured["routes"]
    lines += [
        "",
        "## AWS calls per route",
        "",
        "Along the scheme's journey (register, apply, approve, ask, withdraw, decline, link, "
        "meet, log, end, evaluate, report, export, erase). Budget: reads 2 DynamoDB calls, "
        "writes 3; the idempotency table's calls are counted apart. "
        f"Scans anywhere: {sum(r.scans for r in routes)}.",
        "",
        "| route | DynamoDB | idempotency table | other AWS | within budget |",
        "|---|---|---|---|---|",
    ]
    for row in routes:
        other = ", ".join(f"{k} {v}" for k, v in sorted(row.other.items())) or "-"
        mark = "yes" if row.within else f"no (budget {row.budget})"
        if row.bounded_by_history and row.within:
            mark = "bounded by the person's own history (see Scale)"
        lines.append(f"| {row.route} | {row.dynamodb} | {row.idempotency} | {other} | {mark} |")
    warm = measured["warm"]
    raw = warm["GetItem (raw boto3)"]
    lines += [
        "",
        "## Warm latency (in-process, against moto)",
        "",
        "| call | median ms | ratio to one GetItem |",
        "|---|---|---|",
    ]
    for name, ms in warm.items():
        lines.append(f"| {name} | {ms:.2f} | {ms / raw:.1f} |")
    lines += [
        "",
        "## Scale",
        "",
        "| what | small | large | calls | items read | ratio of calls | ratio of items |",
        "|---|---|---|---|---|---|---|",
    ]
    directory = measured["directory"]
    rows = [
        (f"directory {name}", directory["sizes"], calls)
        for name, calls in directory["searches"].items()
    ]
    rows.append(
        ("schedule run, none due", measured["schedule"]["sizes"], measured["schedule"]["calls"])
    )
    person = measured["person"]
    labels = {
        "export": "`GET /me/export` (a mentee: one match, a session, a meeting)",
        # It also reads the emails not yet sent (a backlog the stream empties within seconds;
        # nothing sends them here), which is why its items read may grow a little.
        "erasure": "`DELETE /me` (the same mentee; also reads the unsent emails)",
    }
    rows += [(labels[kind], person["sizes"], calls) for kind, calls in person["calls"].items()]
    for name, (small, large), calls in rows:
        (c1, i1), (c2, i2) = calls[small], calls[large]
        lines.append(
            f"| {name} | {small} | {large} | {c1} → {c2} | {i1} → {i2} "
            f"| {c2 / max(c1, 1):.2f} | {i2 / max(i1, 1):.2f} |"
        )
    lines += [
        "",
        "## Accepting a mentor's last place with five requests waiting",
        "",
        f"Median {accept['median_ms']:.0f} ms in-process against moto (fresh tables each of "
        f"15 runs); {accept['dynamodb_calls']} DynamoDB calls and {accept['ses_calls']} SES "
        "calls inside the call.",
        "",
    ]
    lines += publication_lines(measured["publication"])
    return "\n".join(lines)


def publication_lines(found: dict[str, Any]) -> list[str]:
    people = found["people"]
    per_person = found["call_dynamodb_calls"] / max(1, found["announced_in_call"] or 1)
    return [
        "## Publishing a Code of Practice at the scheme's size",
        "",
        f"`POST /admin/code-of-practice` with {people:,} people registered "
        f"({PUBLICATION_MENTORS:,} mentors, {PUBLICATION_MENTEES:,} mentees), in-process "
        f"against moto: answered {int(found['status'])} after {found['call_seconds']:.1f} s, "
        f"having announced the Code to {found['announced_in_call']:,} people with "
        f"{found['call_dynamodb_calls']:,} DynamoDB calls (about {per_person:.1f} a person, 64 at "
        "once); the next morning's schedule reached the remaining "
        f"{people - found['announced_in_call']:,} in {found['schedule_seconds']:.1f} s and "
        f"{found['schedule_dynamodb_calls']:,} calls. In the end {found['notified_people']:,} "
        f"people had an announcement, none more than "
        f"{found['most_notifications_to_one_person']}. moto answers each call in milliseconds "
        "of Python under one lock, so the calls are the measure: at DynamoDB's few "
        "milliseconds a call, 64 at once, the call announces to every one of them within "
        "API Gateway's 29 seconds.",
        "",
    ]


def main() -> int:
    print("Cold starts (a new process per run; this takes a few minutes)...", flush=True)
    cold, origin = cold_starts()
    print("Calls per route, warm latency, scale...", flush=True)
    measured = in_process()
    accept = last_place_accept()
    text = report(cold, origin, measured, accept)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
