"""`make bench`: cold-start import time of each function and warm request latency.

Cold start: a fresh interpreter imports the function's app.py, as Lambda's init phase does
(median of several runs). Warm: handler latency in-process against moto, so the numbers
compare code paths, not the network. Run it before and after a change; never in a test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT)]
FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/app.py"))
COLD_RUNS = 7
WARM_CALLS = 300

ENVIRONMENT = {
    "AWS_DEFAULT_REGION": "eu-west-2",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}
SECRET = "bench-secret"  # noqa: S105 - the name of a moto secret, not a secret


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


_COLD_PROBE = """
import importlib.util, sys, time
sys.path.insert(0, {shared!r})
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", {path!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print((time.perf_counter() - started) * 1000)
"""


def cold_start_ms(function: str) -> float:
    probe = _COLD_PROBE.format(
        shared=str(ROOT / "shared"), path=str(ROOT / "functions" / function / "app.py")
    )
    runs = []
    for _ in range(COLD_RUNS):
        output = subprocess.run(
            [sys.executable, "-c", probe],
            env={**os.environ, **ENVIRONMENT, **function_environment_of(function)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(float(output.strip().splitlines()[-1]))
    return statistics.median(runs)


def warm_latencies() -> dict[str, tuple[float, float]]:
    os.environ.update(ENVIRONMENT | function_environment_of("registration"))
    import boto3  # noqa: PLC0415
    from moto import mock_aws  # noqa: PLC0415

    from local_stack.resources import create_tables  # noqa: PLC0415
    from local_stack.template import load_template  # noqa: PLC0415
    from tests.support.bodies import mentor_body  # noqa: PLC0415
    from tests.support.lambdas import event, invoke, load_function  # noqa: PLC0415

    results = {}
    with mock_aws():
        create_tables(
            boto3.client("dynamodb"),
            load_template(),
            {"MentoringTable": "bench", "IdempotencyTable": "bench-idempotency"},
        )
        boto3.client("secretsmanager").create_secret(Name=SECRET, SecretString="s" * 64)
        registration = load_function("registration")
        directory = load_function("directory")
        for number in range(60):
            sub = f"mentor-{number}"
            specialty = "Cardiology" if number % 4 == 0 else "Surgery"
            invoke(
                registration,
                event(
                    "registration/post_mentors",
                    sub=sub,
                    body=mentor_body(name=f"Dr {number}", specialty=specialty),
                ),
            )
            invoke(
                registration,
                event(
                    "registration/post_admin_approve_mentor",
                    path_parameters={"user_id": sub},
                    sub="a",
                    groups="admins",
                ),
            )
        cases = {
            "GET /mentors (60 mentors, filter)": (
                directory,
                event("directory/get_mentors", query={"specialty": "Cardiology", "limit": "10"}),
            ),
            "GET /mentors/{id}": (
                directory,
                event("directory/get_mentor", path_parameters={"mentor_id": "mentor-3"}),
            ),
            "GET /me": (registration, event("registration/get_me", sub="mentor-3")),
        }
        for name, (function, built) in cases.items():
            timings = []
            for _ in range(WARM_CALLS):
                started = time.perf_counter()
                answer = invoke(function, built)
                timings.append((time.perf_counter() - started) * 1000)
                if answer.status != 200:
                    raise RuntimeError(f"{name} answered {answer.status}: {answer.body}")
            timings.sort()
            results[name] = (statistics.median(timings), timings[int(len(timings) * 0.95)])
    return results


LAST_PLACE_RUNS = 15


def last_place_accept() -> dict[str, float]:
    """POST /match-requests/{id}/accept taking a mentor's last place while 5 other requests
    wait on them (they are declined, mentor_full): time, and AWS calls made inside the call."""
    os.environ.update(ENVIRONMENT | function_environment_of("matching"))
    import boto3  # noqa: PLC0415
    from moto import mock_aws  # noqa: PLC0415

    from local_stack.moto_speed import copy_stream_records_shallowly  # noqa: PLC0415
    from local_stack.resources import create_tables  # noqa: PLC0415
    from local_stack.template import load_template  # noqa: PLC0415
    from tests.support.bodies import mentee_body, mentor_body  # noqa: PLC0415
    from tests.support.lambdas import event, invoke, load_function  # noqa: PLC0415

    calls: dict[str, int] = {}

    def count(event_name: str, **_: object) -> None:
        service = event_name.split(".")[1]
        calls[service] = calls.get(service, 0) + 1

    timings: list[float] = []
    per_call: dict[str, int] = {}
    copy_stream_records_shallowly()  # moto's own cost, not the product's (see the module)
    with mock_aws():
        session = boto3.Session()
        boto3.DEFAULT_SESSION = session
        session.events.register("before-call", count)
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
            # Fresh tables each run: moto copies a whole table for every transaction, which
            # DynamoDB does not, so a growing table would measure moto, not the code.
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
            calls.clear()
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
            per_call = dict(calls)
    return {
        "median_ms": statistics.median(timings),
        "dynamodb_calls": per_call.get("dynamodb", 0),
        "ses_calls": per_call.get("sesv2", 0) + per_call.get("ses", 0),
    }


def main() -> int:
    report: dict[str, object] = {"python": sys.version.split()[0]}
    print(
        f"Cold start: import of functions/<name>/app.py in a fresh interpreter "
        f"(median of {COLD_RUNS})"
    )
    cold = {}
    for function in FUNCTIONS:
        cold[function] = cold_start_ms(function)
        print(f"  {function:<14} {cold[function]:7.1f} ms")
    print(f"Warm handler latency against moto, in-process ({WARM_CALLS} calls)")
    warm = warm_latencies()
    for name, (median, p95) in warm.items():
        print(f"  {name:<36} median {median:6.2f} ms   p95 {p95:6.2f} ms")
    print("Accepting a mentor's last place with 5 other requests waiting on them")
    accept = last_place_accept()
    print(
        "  "
        + "   ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in accept.items()
        )
    )
    report |= {
        "last_place_accept": accept,
        "cold_start_ms": cold,
        "warm_ms": {k: {"median": v[0], "p95": v[1]} for k, v in warm.items()},
    }
    out = ROOT / ".benchmarks"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print(f"Saved to {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
