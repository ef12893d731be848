"""The local stack's own interface: state file, docs, OpenAPI, inbox, schedule, shutdown."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

from tests.support.http import request
from tests.support.lambdas import ROOT
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


def test_a_second_stack_on_a_busy_port_leaves_the_running_one_alone(
    stack: RunningStack, tmp_path: Path
) -> None:
    port = stack.api_url.rsplit(":", 1)[1]
    state_file = tmp_path / "stack.json"
    state_file.write_text(stack.state_file.read_text())

    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "local_stack",
            "--no-seed",
            "--port",
            port,
            "--state-file",
            str(state_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert second.returncode == 1
    assert f"Port {port} is in use" in second.stderr
    assert "PORT=8080 make run" in second.stderr
    assert state_file.read_text() == stack.state_file.read_text()
    assert request("GET", stack.api_url + "/openapi.json").status == 200


def signin(stack: RunningStack, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "local_stack.signin",
            *arguments,
            "--state-file",
            str(stack.state_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_signin_says_in_one_line_what_went_wrong(stack: RunningStack) -> None:
    demo = stack.info["demo_users"][0]["email"]
    wrong = signin(stack, demo, "Not-The-Password-1")
    unknown = signin(stack, "nobody-here@example.org", "Whatever-Password-1")

    assert (wrong.returncode, wrong.stderr.strip()) == (1, f"Wrong password for {demo}.")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().startswith("No user nobody-here@example.org")
    assert "Traceback" not in wrong.stderr + unknown.stderr
