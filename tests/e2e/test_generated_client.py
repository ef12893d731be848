"""A client generated from openapi.json by openapi-python-client reads every answer as a model.

This is what a team building an app on the API does: generate a client from the committed
document, then call the API with it. Each success and each error must come back parsed (a
`parsed` of None means the document did not describe that answer).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.bodies import mentee_body
from tests.support.clients import Client, demo_client, new_mentor, sign_up
from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack

PACKAGE = "img_peer_mentoring_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client package, generated from the committed openapi.json and imported."""
    folder = tmp_path_factory.mktemp("generated")
    bin_dir = str(Path(sys.executable).parent)
    generating = subprocess.run(
        [
            str(Path(bin_dir) / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        check=True,
        capture_output=True,
        # Its post-generation hooks run ruff, which lives beside this Python.
        env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
        text=True,
    )
    # A part of the document the generator cannot read is a warning, and left out of the client.
    assert "Warning" not in generating.stdout + generating.stderr, generating.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


def api(generated: ModuleType, name: str) -> Any:
    """An operation module of the generated client, e.g. "match_requests.create_match_request"."""
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def model(generated: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def client_for(generated: ModuleType, stack: RunningStack, user: Client | None) -> Any:
    if user is None:
        return generated.Client(base_url=stack.api_url)
    return generated.AuthenticatedClient(base_url=stack.api_url, token=user.token)


def test_a_journey_through_a_generated_client_reads_every_answer_as_a_model(
    generated: ModuleType, stack: RunningStack
) -> None:
    error_body = model(generated, "ErrorBody")
    admin = demo_client(stack, "administrator")
    _, mentor_id = new_mentor(stack, admin)
    trainee = client_for(generated, stack, sign_up(stack))

    scheme = api(generated, "scheme_and_registration.get_scheme").sync_detailed(client=trainee)
    assert scheme.status_code == 200
    assert scheme.parsed.sessions_limit == 4

    registration = model(generated, "MenteeRegistration").from_dict(mentee_body())
    register = api(generated, "scheme_and_registration.register_mentee")
    created = register.sync_detailed(client=trainee, body=registration)
    assert created.status_code == 201
    assert isinstance(created.parsed, model(generated, "MenteeProfile"))
    assert created.parsed.name == "Dr Chidi Eze"

    again = register.sync_detailed(client=trainee, body=registration)
    assert again.status_code == 409
    assert isinstance(again.parsed, error_body)
    assert again.parsed.error.code == "already_registered"

    unsigned = register.sync_detailed(client=client_for(generated, stack, None), body=registration)
    assert unsigned.status_code == 401
    assert unsigned.parsed.error.code == "unauthenticated"

    patch = model(generated, "MenteeUpdate").from_dict({"languages": []})
    invalid = api(generated, "scheme_and_registration.update_my_mentee_profile").sync_detailed(
        client=trainee, body=patch
    )
    assert invalid.status_code == 422
    assert invalid.parsed.error.code == "validation_error"
    assert [detail.field for detail in invalid.parsed.error.details] == ["languages"]

    directory = api(generated, "mentor_directory.search_mentors").sync_detailed(
        client=trainee, limit=50
    )
    assert directory.status_code == 200
    assert all(mentor.mentor_id for mentor in directory.parsed.items)

    missing = api(generated, "mentor_directory.get_mentor").sync_detailed(
        str(uuid.uuid4()), client=trainee
    )
    assert missing.status_code == 404
    assert missing.parsed.error.code == "not_found"

    ask = api(generated, "match_requests.create_match_request")
    body = model(generated, "MatchRequestCreate")(mentor_id=mentor_id, message="Hello")
    key = str(uuid.uuid4())
    request = ask.sync_detailed(client=trainee, body=body, idempotency_key=key)
    assert request.status_code == 201
    assert request.parsed.status.value == "pending"
    replay = ask.sync_detailed(client=trainee, body=body, idempotency_key=key)
    assert replay.parsed.request_id == request.parsed.request_id

    busy = ask.sync_detailed(client=trainee, body=body)
    assert busy.status_code == 409
    assert busy.parsed.error.code == "pending_request_exists"

    withdrawn = api(generated, "match_requests.withdraw_match_request").sync_detailed(
        request.parsed.request_id, client=trainee
    )
    assert withdrawn.status_code == 200
    assert withdrawn.parsed.status.value == "withdrawn"

    forbidden = api(generated, "administration.get_scheme_report").sync_detailed(client=trainee)
    assert forbidden.status_code == 403
    assert forbidden.parsed.error.code == "forbidden"

    erased = api(generated, "your_data.erase_me").sync_detailed(client=trainee)
    assert erased.status_code == 204


def test_a_generated_client_reads_the_administrators_report(
    generated: ModuleType, stack: RunningStack
) -> None:
    admin = client_for(generated, stack, demo_client(stack, "administrator"))
    report = api(generated, "administration.get_scheme_report").sync_detailed(client=admin)
    assert report.status_code == 200
    assert isinstance(report.parsed, model(generated, "SchemeReport"))
