"""The local stack's own interface: state file, docs, OpenAPI, inbox, schedule, shutdown."""

from __future__ import annotations

import signal
import urllib.error
from pathlib import Path

import pytest

from tests.support.http import request
from tests.support.stack import RunningStack, start_stack


def test_state_file_describes_the_running_stack(stack: RunningStack) -> None:
    assert {
        "api_url",
        "aws_endpoint_url",
        "region",
        "user_pool_id",
        "user_pool_client_id",
        "table_name",
    } <= set(stack.info)
    assert stack.info["api_url"].startswith("http://127.0.0.1:")
    assert stack.info["region"] == "eu-west-2"


def test_swagger_ui_is_served_offline(stack: RunningStack) -> None:
    page = request("GET", stack.api_url + "/docs")
    assert page.status == 200
    assert "swagger-ui-bundle.js" in page.text
    script = request("GET", stack.api_url + "/docs/swagger-ui-bundle.js")
    assert script.status == 200
    assert len(script.text) > 100_000


def test_openapi_lists_every_route_with_token_security(stack: RunningStack) -> None:
    document = request("GET", stack.api_url + "/openapi.json").body
    assert {"/mentees", "/mentors", "/mentors/{mentor_id}", "/me", "/admin/mentors"} <= set(
        document["paths"]
    )
    assert "post" in document["paths"]["/mentors"]
    assert "get" in document["paths"]["/mentors"]
    assert document["components"]["securitySchemes"]["CognitoIdToken"]["name"] == "Authorization"


def test_inbox_is_a_list_and_a_page(stack: RunningStack) -> None:
    listed = request("GET", stack.api_url + "/local/emails.json")
    assert listed.status == 200
    assert isinstance(listed.body, list)
    page = request("GET", stack.api_url + "/local/emails")
    assert page.status == 200
    assert "Local inbox" in page.text


def test_ctrl_c_stops_the_stack_cleanly(tmp_path: Path) -> None:
    running = start_stack(tmp_path, "--no-seed")
    assert request("GET", running.api_url + "/openapi.json").status == 200

    assert running.stop(signal.SIGINT) == 0

    assert not running.state_file.exists()
    assert "Stopping the local stack" in running.log_file.read_text()
    with pytest.raises(urllib.error.URLError):
        request("GET", running.api_url + "/openapi.json")


def test_sigterm_stops_the_stack_cleanly(tmp_path: Path) -> None:
    running = start_stack(tmp_path, "--no-seed")
    assert running.stop(signal.SIGTERM) == 0
    assert not running.state_file.exists()
