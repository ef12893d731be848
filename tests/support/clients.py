"""Signed-in users of a running local stack, made as a real client makes them (Cognito)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from tests.support.bodies import mentee_body, mentor_body
from tests.support.http import HttpAnswer, request
from tests.support.stack import RunningStack

PASSWORD = "Correct-Horse-42"
_emails = itertools.count()


@dataclass
class Client:
    """A signed-in user of the local stack."""

    stack: RunningStack
    email: str
    token: str

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> HttpAnswer:
        return request(
            method, self.stack.api_url + path, token=self.token, json_body=body, **kwargs
        )

    @property
    def user_id(self) -> str:
        me = self.call("GET", "/me")
        return str(me.body["user_id"])


def sign_in(stack: RunningStack, email: str, password: str = PASSWORD) -> str:
    result = stack.cognito().initiate_auth(
        ClientId=stack.info["user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return str(result["AuthenticationResult"]["IdToken"])


def sign_up(stack: RunningStack) -> Client:
    """A brand-new user: signed up, confirmed and signed in through the local Cognito."""
    email = f"user{next(_emails)}-{uuid.uuid4().hex[:8]}@example.org"
    cognito = stack.cognito()
    cognito.sign_up(
        ClientId=stack.info["user_pool_client_id"],
        Username=email,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    cognito.admin_confirm_sign_up(UserPoolId=stack.info["user_pool_id"], Username=email)
    return Client(stack, email, sign_in(stack, email))


def demo_client(stack: RunningStack, role: str) -> Client:
    user = next(u for u in stack.info["demo_users"] if u["role"].startswith(role))
    return Client(stack, user["email"], sign_in(stack, user["email"], user["password"]))


def new_mentee(stack: RunningStack, **fields: Any) -> Client:
    client = sign_up(stack)
    answer = client.call("POST", "/mentees", mentee_body(**fields))
    assert answer.status == 201, answer.text
    return client


def new_mentor(stack: RunningStack, admin: Client, **fields: Any) -> tuple[Client, str]:
    """An approved mentor, and their id."""
    client = sign_up(stack)
    applied = client.call("POST", "/mentors", mentor_body(**fields))
    assert applied.status == 201, applied.text
    mentor_id = str(applied.body["mentor_id"])
    assert admin.call("POST", f"/admin/mentors/{mentor_id}/approve").status == 200
    return client, mentor_id
