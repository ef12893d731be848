"""Data stored before today's rules (a name with a line break) or damaged (an item that no
longer reads back) never stops the daily schedule, nor anyone else's reminders."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from types import ModuleType
from typing import Any

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from tests.conftest import TABLE_NAME
from tests.handlers.conftest import sent_emails
from tests.support.bodies import mentee_body, mentor_body
from tests.support.clock import first_run_after
from tests.support.lambdas import LambdaContext, event, invoke
from tests.support.logs import captured_logs

HOSTILE_NAME = "Dr A\r\nBcc: x@evil.example"


def pair(registration: ModuleType, matching: ModuleType, number: int) -> tuple[str, datetime]:
    """A mentee asks a mentor: the request's id and its deadline."""
    mentee, mentor = f"mentee-{number}", f"mentor-{number}"
    invoke(
        registration,
        event(
            "registration/post_mentees",
            body=mentee_body(registration_number=f"70000{number}1"),
            sub=mentee,
            email=f"{mentee}@example.org",
        ),
    )
    invoke(
        registration,
        event(
            "registration/post_mentors",
            body=mentor_body(registration_number=f"70000{number}2"),
            sub=mentor,
            email=f"{mentor}@example.org",
        ),
    )
    invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor",
            path_parameters={"user_id": mentor},
            sub="admin",
            groups="admins",
        ),
    )
    created = invoke(
        matching,
        event(
            "matching/post_match_requests",
            body={"mentor_id": mentor, "message": "Hello"},
            sub=mentee,
            email=f"{mentee}@example.org",
        ),
    )
    assert created.status == 201, created.text
    respond_by = datetime.fromisoformat(created.body["respond_by"])
    return str(created.body["request_id"]), respond_by


def reminder_run(respond_by: datetime) -> dict[str, str]:
    """The run that sends the first reminder for a request due at `respond_by`."""
    return {"scheduled_time": first_run_after(respond_by).strftime("%Y-%m-%dT%H:%M:%SZ")}


def overwrite(aws: Any, pk: str, sk: str, **fields: str) -> None:
    """Write straight to the table, as data from before a rule existed would be."""
    names = {f"#f{n}": name for n, name in enumerate(fields)}
    values = {f":v{n}": {"S": value} for n, value in enumerate(fields.values())}
    aws.update_item(
        TableName=TABLE_NAME,
        Key={"PK": {"S": pk}, "SK": {"S": sk}},
        UpdateExpression="SET " + ", ".join(f"#f{n} = :v{n}" for n in range(len(fields))),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )


def raw_messages_to(address: str) -> list[email.message.Message]:
    sent_emails()  # every notification written so far goes through the notifications function
    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-2"]
    return [
        email.message_from_string(message.raw_data, policy=email.policy.default)
        for message in backend.sent_messages
        if address in message.destinations
    ]


def test_a_hostile_stored_name_neither_stops_the_schedule_nor_injects_a_header(
    aws: Any, registration: ModuleType, matching: ModuleType, reminders: ModuleType
) -> None:
    hostile, respond_by = pair(registration, matching, 1)
    pair(registration, matching, 2)
    overwrite(aws, f"REQUEST#{hostile}", "REQUEST", mentee_name=HOSTILE_NAME)
    overwrite(aws, "USER#mentee-1", "MENTEE", name=HOSTILE_NAME)

    summary = reminders.lambda_handler(reminder_run(respond_by), LambdaContext())

    assert summary["reminded"] == 2
    (reminder,) = [m for m in raw_messages_to("mentor-1@example.org") if "Reminder" in m["Subject"]]
    assert "\n" not in reminder["Subject"]
    assert reminder["Subject"].startswith("Reminder: Dr A Bcc: x@evil.example is waiting")
    assert reminder["Bcc"] is None
    assert any(
        "Reminder" in e["subject"] for e in sent_emails() if "mentor-2@example.org" in e["to"]
    )


def test_a_request_that_no_longer_reads_back_is_skipped_and_the_rest_reminded(
    aws: Any, registration: ModuleType, matching: ModuleType, reminders: ModuleType
) -> None:
    broken, respond_by = pair(registration, matching, 3)
    pair(registration, matching, 4)
    overwrite(aws, f"REQUEST#{broken}", "REQUEST", respond_by="not a time")

    with captured_logs() as logs:
        summary = reminders.lambda_handler(reminder_run(respond_by), LambdaContext())

    assert summary["reminded"] == 1
    assert any(
        "Reminder" in e["subject"] for e in sent_emails() if "mentor-4@example.org" in e["to"]
    )
    assert f'"item_id":"{broken}"' in logs.getvalue()
    assert '"message":"Scheduled step failed"' in logs.getvalue()
    assert "not a time" not in logs.getvalue()


def test_a_hostile_name_in_an_email_being_sent_now_does_not_fail_the_call(
    aws: Any, registration: ModuleType, matching: ModuleType
) -> None:
    request_id, _ = pair(registration, matching, 5)
    overwrite(aws, "USER#mentee-5", "MENTEE", name=HOSTILE_NAME)
    overwrite(aws, f"REQUEST#{request_id}", "REQUEST", mentee_name=HOSTILE_NAME)

    accepted = invoke(
        matching,
        event(
            "matching/post_accept",
            path_parameters={"request_id": request_id},
            sub="mentor-5",
            email="mentor-5@example.org",
        ),
    )

    assert accepted.status == 200
    (told,) = raw_messages_to("mentee-5@example.org")
    assert told["Bcc"] is None
    assert "\n" not in told["Subject"]
