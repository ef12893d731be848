"""In a real browser (headless Chromium): a web app on another origin, the link pages, /docs."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.test_matching_e2e import link
from tests.support.browser import chromium
from tests.support.clients import Client, demo_client, new_mentee, new_mentor
from tests.support.lambdas import ROOT
from tests.support.local_pages import emails_to
from tests.support.stack import RunningStack

pytestmark = pytest.mark.browser

WEB_APP_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A mentoring web app</title></head>
<body><h1>A mentoring web app</h1>
<script>
async function callApi(api, path, token, method, body) {
  const headers = {};
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body != null) headers["Content-Type"] = "application/json";
  const answer = await fetch(api + path, {
    method: method || "GET", headers,
    body: body == null ? undefined : JSON.stringify(body),
  });
  return {status: answer.status, body: await answer.json()};
}
</script></body></html>
"""

# A page elsewhere that shows the address after its # in a frame of its own (to trick a click).
PRIZE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Win a prize</title></head>
<body><h1>Click the button to win</h1>
<script>
const frame = document.createElement("iframe");
frame.src = decodeURIComponent(location.hash.slice(1));
document.body.appendChild(frame);
</script></body></html>
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web app's page, served on a loopback origin of its own."""
    folder = tmp_path_factory.mktemp("web-app")
    (folder / "index.html").write_text(WEB_APP_PAGE, encoding="utf-8")
    (folder / "prize.html").write_text(PRIZE_PAGE, encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def call(page: Page, stack: RunningStack, path: str, token: str | None, **options: Any) -> Any:
    return page.evaluate(
        "([api, path, token, method, body]) => callApi(api, path, token, method, body)",
        [stack.api_url, path, token, options.get("method"), options.get("body")],
    )


def test_a_web_app_on_another_origin_reads_success_validation_and_auth_answers(
    page: Page, stack: RunningStack, web_app: str, demo_mentee: Client
) -> None:
    page.goto(web_app)

    me = call(page, stack, "/me", demo_mentee.token)
    invalid = call(
        page, stack, "/me/mentee", demo_mentee.token, method="PATCH", body={"languages": []}
    )
    signed_out = call(page, stack, "/me", None)

    assert me["status"] == 200
    assert me["body"]["mentee"]["name"] == "Dr Samuel Mensah"
    assert invalid["status"] == 422
    assert invalid["body"]["error"]["details"][0]["field"] == "languages"
    assert signed_out == {
        "status": 401,
        "body": {
            "error": {
                "code": "unauthenticated",
                "message": "Sign in to use this service.",
                "details": [],
            }
        },
    }


def test_a_web_app_creates_with_an_idempotency_key(
    page: Page, stack: RunningStack, web_app: str
) -> None:
    admin = demo_client(stack, "administrator")
    trainee = new_mentee(stack)
    _, mentor_id = new_mentor(stack, admin)
    page.goto(web_app)

    created = page.evaluate(
        """async ([api, token, mentorId]) => {
          const answer = await fetch(api + "/match-requests", {
            method: "POST",
            headers: {"Authorization": token, "Content-Type": "application/json",
                      "Idempotency-Key": "web-app-1"},
            body: JSON.stringify({mentor_id: mentorId, message: "Hello"}),
          });
          return {status: answer.status, body: await answer.json()};
        }""",
        [stack.api_url, trainee.token, mentor_id],
    )

    assert created["status"] == 201
    assert created["body"]["status"] == "pending"


def test_a_page_on_an_unlisted_origin_cannot_read_the_api(
    page: Page, stack: RunningStack, demo_mentee: Client
) -> None:
    page.route(
        "https://evil.example/**",
        lambda route: route.fulfill(body=WEB_APP_PAGE, content_type="text/html"),
    )
    page.goto("https://evil.example/")

    outcome = page.evaluate(
        """async ([api, token]) => {
          try { await fetch(api + "/me", {headers: {"Authorization": token}});
                return "read"; }
          catch (error) { return error.name; }
        }""",
        [stack.api_url, demo_mentee.token],
    )

    assert outcome == "TypeError"


def new_request(stack: RunningStack, message: str) -> tuple[Client, Client, dict[str, Any]]:
    admin = demo_client(stack, "administrator")
    trainee = new_mentee(stack, name="Dr Adaeze Nwosu")
    mentor_client, mentor_id = new_mentor(stack, admin, name="Dr Kamal Hussain")
    answer = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id, "message": message})
    assert answer.status == 201
    (invitation,) = [
        e for e in emails_to(stack, mentor_client.email) if e["subject"].startswith("New match")
    ]
    return trainee, mentor_client, invitation


def background(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor"))


def test_accept_and_decline_look_different_in_the_email(page: Page, stack: RunningStack) -> None:
    _, _, invitation = new_request(stack, "I would value your help.")
    page.set_content(invitation["html"])

    accept = page.get_by_role("link", name="Accept this request")
    decline = page.get_by_role("link", name="Decline this request")

    assert background(page, "a >> text=Accept this request") == "rgb(0, 127, 59)"
    assert background(page, "a >> text=Decline this request") == "rgb(255, 255, 255)"
    first, second = accept.bounding_box(), decline.bounding_box()
    assert first is not None
    assert second is not None
    assert second["x"] >= first["x"] + first["width"] + 8 or second["y"] >= first["y"] + 40


def test_the_accept_link_shows_a_confirm_page_then_thanks_then_says_it_is_done(
    page: Page, stack: RunningStack, tmp_path: Path
) -> None:
    trainee, _, invitation = new_request(stack, "Hello from Hull.")
    accept = link(invitation, "Accept this request")

    page.goto(accept)
    assert page.title() == "Accept the match request from Dr Adaeze Nwosu? - IMG Peer Mentoring"
    assert "Hello from Hull." in page.inner_text("blockquote")
    page.screenshot(path=str(tmp_path / "confirm.png"), full_page=True)
    assert trainee.call("GET", "/match-requests").body["items"][0]["status"] == "pending"

    page.get_by_role("button", name="Accept this request").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Thank you: you are now a peer mentor to Dr Adaeze Nwosu"
    assert trainee.call("GET", "/match-requests").body["items"][0]["status"] == "accepted"

    again = page.goto(accept)
    assert again is not None
    assert again.status == 409
    assert page.inner_text("h1") == "This request has already been answered"


def test_the_decline_page_sends_the_mentors_reason_to_the_mentee(
    page: Page, stack: RunningStack
) -> None:
    trainee, _, invitation = new_request(stack, "Could we talk about exams?")
    page.goto(link(invitation, "Decline this request"))

    # The page's one action is its primary (solid green) button.
    assert background(page, "button") == "rgb(0, 127, 59)"
    page.get_by_label(re.compile("A few words for Dr Adaeze Nwosu")).fill(
        "I am on leave until March; please ask again then."
    )
    page.get_by_role("button", name="Decline this request").click()
    page.wait_for_load_state()

    assert page.inner_text("h1") == "Request declined"
    declined = trainee.call("GET", "/match-requests").body["items"][0]
    assert declined["decline_reason"] == "I am on leave until March; please ask again then."
    (told,) = emails_to(stack, trainee.email)
    assert "I am on leave until March; please ask again then." in told["text"]


def test_a_link_page_keeps_to_its_own_security_policy(page: Page, stack: RunningStack) -> None:
    _, _, invitation = new_request(stack, "Could we meet in Leeds?")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))

    page.goto(link(invitation, "Decline this request"))

    # Its styles apply (solid button, full-width field) and the browser refused nothing.
    assert background(page, "button") == "rgb(0, 127, 59)"
    field, main = page.locator("#reason").bounding_box(), page.locator("main").bounding_box()
    assert field is not None
    assert main is not None
    assert field["width"] == main["width"]
    assert [text for text in refused if "Content Security Policy" in text] == []


def test_another_site_cannot_frame_a_link_page(
    page: Page, stack: RunningStack, web_app: str
) -> None:
    trainee, _, invitation = new_request(stack, "Please say yes.")
    accept = link(invitation, "Accept this request")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))

    page.goto(web_app.replace("index.html", "prize.html") + "#" + quote(accept, safe=""))
    page.wait_for_load_state("load")

    (framed,) = page.frames[1:]
    assert framed.locator("button").count() == 0  # no confirm button to trick anyone into
    assert [text for text in refused if "frame-ancestors 'none'" in text]
    assert trainee.call("GET", "/match-requests").body["items"][0]["status"] == "pending"


def test_a_tampered_link_is_a_finished_problem_page(page: Page, stack: RunningStack) -> None:
    answer = page.goto(stack.api_url + "/actions/bm90LWEtdG9rZW4.c2lnbmF0dXJl")
    assert answer is not None
    assert answer.status == 400
    assert page.inner_text("h1") == "This link is not valid"
    assert "admin@example.org" in page.inner_text("footer")


def test_the_docs_page_lists_every_operation_by_area(page: Page, stack: RunningStack) -> None:
    document = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    operations = sum(len(item) for item in document["paths"].values())

    page.goto(stack.api_url + "/")
    page.wait_for_selector(".opblock", timeout=30_000)

    assert page.url.endswith("/docs")
    assert page.locator(".opblock").count() == operations
    areas = page.locator(".opblock-tag-section h3 .nostyle span").all_inner_texts()
    assert areas == [tag["name"] for tag in document["tags"]]
