"""The API document the stack serves is the committed openapi.json, and it tells the truth."""

from __future__ import annotations

import json
from typing import Any

from tests.support.http import request
from tests.support.lambdas import ROOT
from tests.support.stack import RunningStack

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))


def test_the_served_document_is_the_committed_one(stack: RunningStack) -> None:
    served = request("GET", stack.api_url + "/openapi.json")
    assert served.status == 200
    assert served.body == COMMITTED, "openapi.json is stale: run `make openapi` and commit it"


def test_the_root_leads_to_the_docs(stack: RunningStack) -> None:
    answer = request("GET", stack.api_url + "/", headers={})
    # urllib follows the redirect: the docs page is what a browser ends up on.
    assert answer.status == 200
    assert "swagger-ui" in answer.text
