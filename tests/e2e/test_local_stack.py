"""The local stack's own interface: state file, docs, OpenAPI, inbox, schedule, shutdown."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

from local_stack.functions import FunctionFailed, LambdaFunction, Limits
from local_stack.template import function_limits, load_template
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


def _after_the_banner(running: RunningStack) -> list[str]:
    console = running.console_file.read_text(errors="replace")
    return [line for line in console.split("Stop with Ctrl-C.", 1)[1].splitlines() if line]


def test_ctrl_c_stops_the_stack_with_one_line(tmp_path: Path) -> None:
    running = start_stack(tmp_path)
    assert request("GET", running.api_url + "/openapi.json").status == 200

    # Ctrl-C at a terminal signals the whole foreground group, containers included.
    assert running.stop(signal.SIGINT) == 0

    assert not running.state_file.exists()
    request_line, *rest = _after_the_banner(running)
    assert request_line.startswith("GET /openapi.json -> 200")
    assert rest == ["Stopping the local stack..."]
    with pytest.raises(urllib.error.URLError):
        request("GET", running.api_url + "/openapi.json")


def test_the_console_shows_the_banner_and_the_json_logs_go_to_the_log_file(
    tmp_path: Path,
) -> None:
    running = start_stack(tmp_path)  # seeding logs, and its emails are sent by a function
    request("GET", running.api_url + "/local/emails.json")  # waits for those emails
    running.stop()

    console = running.console_file.read_text(errors="replace")
    assert "local stack is ready" in console
    assert f"Logs: {running.log_file}" in console
    assert not [line for line in console.splitlines() if line.startswith("{")]
    log = running.log_file.read_text()
    assert '"message":"Mentor applied"' in log  # the stack's own (seeding)
    assert '"message":"Email sent"' in log  # a function's


def test_verbose_shows_the_json_logs_on_the_console(tmp_path: Path) -> None:
    running = start_stack(tmp_path, "--verbose")
    running.stop()

    console = running.console_file.read_text(errors="replace")
    assert '"message":"Mentor applied"' in console
    assert "Logs: on the console" in console


def test_sigterm_stops_the_stack_with_one_line(tmp_path: Path) -> None:
    running = start_stack(tmp_path, "--no-seed")
    assert running.stop(signal.SIGTERM) == 0
    assert not running.state_file.exists()
    assert _after_the_banner(running) == ["Stopping the local stack..."]


def test_a_stack_started_in_the_background_still_stops_on_sigint(tmp_path: Path) -> None:
    running = start_stack(tmp_path, "--no-seed", in_background_of_a_shell=True)
    assert running.stop(signal.SIGINT, timeout=30) == 0
    assert not running.state_file.exists()
    assert _after_the_banner(running) == ["Stopping the local stack..."]


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


def a_function(folder: Path, body: str) -> Path:
    (folder / "app.py").write_text(
        "import os, time\n\ndef lambda_handler(event, context):\n" + body, encoding="utf-8"
    )
    return folder


def test_each_function_runs_in_containers_of_its_own_with_its_own_environment(
    tmp_path: Path,
) -> None:
    code = a_function(tmp_path, "    return os.environ['POWERTOOLS_SERVICE_NAME']\n")
    first = LambdaFunction("First", code, "app.lambda_handler", {"POWERTOOLS_SERVICE_NAME": "one"})
    second = LambdaFunction(
        "Second", code, "app.lambda_handler", {"POWERTOOLS_SERVICE_NAME": "two"}
    )
    try:
        assert (first.invoke({}), second.invoke({}), first.invoke({})) == ("one", "two", "one")
    finally:
        first.stop()
        second.stop()


def test_an_invocation_that_outlives_the_functions_timeout_is_stopped(tmp_path: Path) -> None:
    code = a_function(tmp_path, "    time.sleep(event['seconds'])\n    return 'done'\n")
    function = LambdaFunction("Slow", code, "app.lambda_handler", {}, Limits(timeout_seconds=1))
    try:
        assert function.invoke({"seconds": 0}) == "done"
        with pytest.raises(FunctionFailed) as stopped:
            function.invoke({"seconds": 5})
        assert stopped.value.error_type == "Sandbox.Timedout"
        assert function.invoke({"seconds": 0}) == "done"  # a new container takes over
    finally:
        function.stop()


def test_the_local_functions_get_the_templates_timeouts_and_memory() -> None:
    template = load_template()
    assert function_limits(template, "DirectoryFunction") == (10, 512)  # the Globals'
    assert function_limits(template, "RegistrationFunction") == (29, 512)  # its own timeout
    assert function_limits(template, "RemindersFunction") == (300, 512)


def test_the_gateways_own_answers_carry_the_security_headers(stack: RunningStack) -> None:
    no_token = request("GET", stack.api_url + "/me")
    unknown = request("GET", stack.api_url + "/nowhere")
    for answer, status in ((no_token, 401), (unknown, 404)):
        assert answer.status == status
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Content-Security-Policy"] == (
            "default-src 'none'; frame-ancestors 'none'"
        )


def test_the_gateway_logs_the_route_never_a_links_token(stack: RunningStack) -> None:
    token = "bm90LWEtcmVhbC10b2tlbg.c2lnbmF0dXJlLW9mLWl0"

    request("GET", f"{stack.api_url}/actions/{token}")
    request("POST", f"{stack.api_url}/actions/{token}", raw_body=b"reason=x")

    log = stack.console_file.read_text(encoding="utf-8", errors="replace")
    assert "GET /actions/{token} -> 400" in log
    assert "POST /actions/{token} -> 400" in log
    assert token not in log
