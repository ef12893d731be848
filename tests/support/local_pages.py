"""The local stack's own pages, as the end-to-end tests read them: the inbox, the schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.http import request
from tests.support.stack import RunningStack


def inbox(stack: RunningStack) -> list[dict[str, Any]]:
    """Every email sent so far (the read waits until what was written has been sent)."""
    answer = request("GET", stack.api_url + "/local/emails.json")
    assert answer.status == 200, answer.text
    emails: list[dict[str, Any]] = answer.body
    return emails


def emails_to(stack: RunningStack, address: str) -> list[dict[str, Any]]:
    return [email for email in inbox(stack) if address in email["to"]]


def run_schedule(stack: RunningStack, at: datetime) -> dict[str, int]:
    """Run the reminders function as EventBridge Scheduler would, at `at`."""
    answer = request(
        "POST",
        stack.api_url + "/local/schedules/reminders",
        json_body={"scheduled_time": at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )
    assert answer.status == 200, answer.text
    summary: dict[str, int] = answer.body
    return summary


def email_titled(stack: RunningStack, address: str, subject: str) -> dict[str, Any]:
    """The one email to `address` with this subject."""
    (found,) = [e for e in emails_to(stack, address) if e["subject"] == subject]
    return found
