"""After DELETE /me the same identity cannot come back with a token it still holds."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.support.bodies import mentee_body, mentor_body
from tests.support.clients import demo_client, new_mentee, new_mentor
from tests.support.stack import RunningStack


def test_an_erased_accounts_old_token_cannot_register_or_ask_again(stack: RunningStack) -> None:
    admin = demo_client(stack, "administrator")
    _, mentor_id = new_mentor(stack, admin)
    trainee = new_mentee(stack)
    assert trainee.call("DELETE", "/me").status == 204

    # The ID token is still signed and unexpired: API Gateway lets it through.
    again = trainee.call("POST", "/mentees", mentee_body())
    as_mentor = trainee.call("POST", "/mentors", mentor_body())
    ask = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id})

    assert (again.status, again.error_code) == (401, "unauthenticated")
    assert "erased" in again.body["error"]["message"]
    assert (as_mentor.status, as_mentor.error_code) == (401, "unauthenticated")
    assert ask.status == 403  # no profile to ask with
    assert trainee.call("GET", "/me").body["mentee"] is None
    # Erasing again is harmless (the call can always be repeated).
    assert trainee.call("DELETE", "/me").status == 204


def test_an_erased_account_is_signed_out_everywhere_and_gone(stack: RunningStack) -> None:
    trainee = new_mentee(stack)
    assert trainee.call("DELETE", "/me").status == 204

    with pytest.raises(ClientError) as refused:
        stack.cognito().initiate_auth(
            ClientId=stack.info["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": trainee.email, "PASSWORD": "Correct-Horse-42"},
        )
    assert refused.value.response["Error"]["Code"] in {
        "UserNotFoundException",
        "NotAuthorizedException",
    }
