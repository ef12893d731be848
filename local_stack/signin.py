"""Print an ID token for a local user: `python -m local_stack.signin EMAIL [PASSWORD] [--sign-up]`.

It talks to the local user pool exactly as a client would talk to Cognito in AWS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import boto3
from botocore.exceptions import ClientError, EndpointConnectionError

from local_stack.seed import DEMO_PASSWORD
from local_stack.stack import NOT_RUNNING, read_state, state_file_from_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_stack.signin", description=__doc__)
    parser.add_argument("email")
    parser.add_argument("password", nargs="?", default=DEMO_PASSWORD)
    parser.add_argument("--sign-up", action="store_true", help="create the user first")
    parser.add_argument(
        "--state-file",
        type=Path,
        default=state_file_from_environment(),
        help="the running stack's stack.json (default .local/stack.json, or $LOCAL_STACK_STATE)",
    )
    args = parser.parse_args(argv)
    stack = read_state(args.state_file)
    if stack is None:
        print(NOT_RUNNING, file=sys.stderr)
        return 1
    cognito = boto3.client(
        "cognito-idp",
        endpoint_url=stack["aws_endpoint_url"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto accepts anything
    )
    try:
        if args.sign_up:
            cognito.sign_up(
                ClientId=stack["user_pool_client_id"],
                Username=args.email,
                Password=args.password,
                UserAttributes=[{"Name": "email", "Value": args.email}],
            )
            cognito.admin_confirm_sign_up(UserPoolId=stack["user_pool_id"], Username=args.email)
        result = cognito.initiate_auth(
            ClientId=stack["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": args.email, "PASSWORD": args.password},
        )
    except ClientError as error:
        print(_explain(error, args.email), file=sys.stderr)
        return 1
    except EndpointConnectionError:
        print(
            "The local stack in .local/stack.json is not answering (start it with `make run`).",
            file=sys.stderr,
        )
        return 1
    print(result["AuthenticationResult"]["IdToken"])
    return 0


def _explain(error: ClientError, email: str) -> str:
    """One line a person can act on, instead of a traceback."""
    code = error.response.get("Error", {}).get("Code", "")
    return {
        "NotAuthorizedException": f"Wrong password for {email}.",
        "UserNotFoundException": f"No user {email}: add --sign-up to create one.",
        "UsernameExistsException": f"{email} already exists: sign in without --sign-up.",
        "InvalidPasswordException": "That password is too weak: use at least 12 characters "
        "with upper and lower case letters and a number.",
    }.get(code, f"Could not sign in {email}: {code or error}.")


if __name__ == "__main__":
    sys.exit(main())
