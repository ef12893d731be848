"""The notifications function driven by stream records (events/notifications/): each
notification is sent once, a failed send is reported alone, one that can never be sent is set
aside, and a replay sends nothing twice."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import boto3
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from local_stack.inbox import sent_emails
from tests.conftest import SENDER, TABLE_NAME
from tests.support.lambdas import LambdaContext, sample_event

NEW_REQUEST = "notifications/new_request"
WITH_POISON = "notifications/batch_with_a_poison_record"


def written_by_the_outbox(aws: Any, event: dict[str, Any]) -> None:
    """The items the records stand for, as the outbox wrote them with their changes."""
    for record in event["Records"]:
        aws.put_item(TableName=TABLE_NAME, Item=record["dynamodb"]["NewImage"])


def status_of(aws: Any, record: dict[str, Any]) -> str:
    item = aws.get_item(TableName=TABLE_NAME, Key=record["dynamodb"]["Keys"])["Item"]
    return str(item["status"]["S"])


def sent() -> list[dict[str, Any]]:
    return sent_emails(DEFAULT_ACCOUNT_ID, "eu-west-2")


def test_a_new_request_record_is_rendered_and_sent_to_the_mentor(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(NEW_REQUEST)
    written_by_the_outbox(aws, event)

    answer = notifications.lambda_handler(event, LambdaContext())

    assert answer == {"batchItemFailures": []}
    (email,) = sent()
    assert email["to"] == ["priya@example.org"]
    assert email["subject"] == "New match request from Dr Samuel Mensah"
    assert "Accept this request: https://api.example.org/v1/actions/" in email["text"]
    assert status_of(aws, event["Records"][0]) == "sent"


def test_a_sent_notification_keeps_neither_address_nor_words(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(NEW_REQUEST)
    written_by_the_outbox(aws, event)

    notifications.lambda_handler(event, LambdaContext())

    item = aws.get_item(TableName=TABLE_NAME, Key=event["Records"][0]["dynamodb"]["Keys"])["Item"]
    assert "to" not in item
    assert "facts" not in item
    assert "GSI3PK" not in item  # no longer listed as unsent
    assert int(item["expires_at"]["N"]) > 0  # and removed once no replay can come


def test_the_same_batch_delivered_twice_sends_nothing_twice(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(WITH_POISON)
    written_by_the_outbox(aws, event)

    first = notifications.lambda_handler(event, LambdaContext())
    again = notifications.lambda_handler(event, LambdaContext())

    assert len(sent()) == 2
    assert first == again == {"batchItemFailures": []}


def test_an_unreadable_notification_is_set_aside_as_failed_and_the_rest_of_its_batch_is_sent(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(WITH_POISON)
    good, poison, other = event["Records"]
    written_by_the_outbox(aws, event)

    answer = notifications.lambda_handler(event, LambdaContext())

    # Retrying could never send it: it is not reported for the stream to retry.
    assert answer == {"batchItemFailures": []}
    assert len(sent()) == 2
    assert [status_of(aws, r) for r in (good, poison, other)] == ["sent", "failed", "sent"]
    item = aws.get_item(TableName=TABLE_NAME, Key=poison["dynamodb"]["Keys"])["Item"]
    assert item["failure_reason"]["S"] == "unreadable"
    assert "GSI3PK" not in item  # off the unsent list: never redriven, never re-read
    assert "to" not in item
    assert "facts" not in item


def test_a_notification_to_nobody_is_set_aside_never_marked_sent(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(NEW_REQUEST)
    image = event["Records"][0]["dynamodb"]["NewImage"]
    image["to"] = {"L": []}
    written_by_the_outbox(aws, event)

    answer = notifications.lambda_handler(event, LambdaContext())

    assert answer == {"batchItemFailures": []}
    assert sent() == []
    item = aws.get_item(TableName=TABLE_NAME, Key=event["Records"][0]["dynamodb"]["Keys"])["Item"]
    assert (item["status"]["S"], item["failure_reason"]["S"]) == ("failed", "no_recipient")


def test_a_send_that_fails_is_retried_and_then_sent_once(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(NEW_REQUEST)
    written_by_the_outbox(aws, event)
    ses = boto3.client("ses")
    ses.delete_identity(Identity=SENDER)  # SES refuses the sender for now

    refused = notifications.lambda_handler(event, LambdaContext())
    ses.verify_email_identity(EmailAddress=SENDER)
    retried = notifications.lambda_handler(event, LambdaContext())
    replayed = notifications.lambda_handler(event, LambdaContext())

    sequence = event["Records"][0]["dynamodb"]["SequenceNumber"]
    assert refused == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    assert retried == replayed == {"batchItemFailures": []}
    assert len(ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-2"].sent_messages) == 1


def test_a_record_that_is_not_a_notification_is_passed_over(
    aws: Any, notifications: ModuleType
) -> None:
    event = sample_event(NEW_REQUEST)
    event["Records"][0]["dynamodb"]["NewImage"]["entity"] = {"S": "match"}

    answer = notifications.lambda_handler(event, LambdaContext())

    assert answer == {"batchItemFailures": []}
    assert sent() == []
