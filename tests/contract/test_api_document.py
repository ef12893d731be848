"""openapi.json: generated from the functions' own routes, committed, and truthful."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from local_stack.api_document import api_document
from local_stack.template import api_routes, load_template
from mentoring.api.document import Area
from mentoring.api.headers import API_HEADERS, PAGE_HEADERS, security_headers
from tests.support.lambdas import ROOT

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
OPERATIONS = [
    (path, method, operation)
    for path, item in COMMITTED["paths"].items()
    for method, operation in item.items()
]
ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return api_document()


def test_the_committed_document_is_what_the_functions_serve(generated: dict[str, Any]) -> None:
    assert generated == COMMITTED, "openapi.json is stale: run `make openapi` and commit it"


def test_the_document_is_valid_openapi_3_1() -> None:
    validate(COMMITTED)  # raises, naming the part that is not


def test_every_route_of_the_template_is_documented_once() -> None:
    routes = {
        (route.path, route.method.lower())
        for route in api_routes(load_template())
        if route.method != "OPTIONS"
    }
    assert {(path, method) for path, method, _ in OPERATIONS} == routes


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS)
def test_every_operation_has_a_summary_an_id_and_one_area(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    assert operation["summary"]
    assert operation["operationId"][0].islower()
    assert len(operation["tags"]) == 1
    assert operation["tags"][0] in {area.value for area in Area}


def test_operation_ids_are_unique() -> None:
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))


def test_areas_are_listed_in_order_with_descriptions() -> None:
    assert [tag["name"] for tag in COMMITTED["tags"]] == [area.value for area in Area]
    assert all(tag["description"] for tag in COMMITTED["tags"])


def success(operation: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    (status,) = [int(code) for code in operation["responses"] if int(code) < 300]
    return status, operation["responses"][str(status)]


def test_creates_are_201_erasure_204_and_the_rest_200() -> None:
    statuses = {(path, method): success(op)[0] for path, method, op in OPERATIONS}
    creates = {
        ("/mentees", "post"),
        ("/mentors", "post"),
        ("/match-requests", "post"),
        ("/mentors/{mentor_id}/waiting-list", "post"),
        ("/concerns", "post"),
        ("/admin/code-of-practice", "post"),
        ("/admin/supervision", "post"),
        ("/admin/mentors/{user_id}/training", "post"),
        ("/matches/{match_id}/sessions", "post"),
        ("/matches/{match_id}/meetings", "post"),
        ("/matches/{match_id}/evaluation", "post"),
    }
    assert {key for key, status in statuses.items() if status == 201} == creates
    assert {key for key, status in statuses.items() if status == 204} == {
        ("/me", "delete"),
        ("/mentors/{mentor_id}/waiting-list", "delete"),
    }
    erase = COMMITTED["paths"]["/me"]["delete"]["responses"]["204"]
    assert "content" not in erase


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    [(p, m, o) for p, m, o in OPERATIONS if not p.startswith("/actions/")],
)
def test_json_operations_need_a_token_and_describe_every_error(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    assert operation["security"] == [{"CognitoIdToken": []}]
    status, ok = success(operation)
    if status != 204:
        assert "$ref" in ok["content"]["application/json"]["schema"] or ok["content"]
    for code in ("400", "401", "413", "429", "503"):
        assert operation["responses"][code]["content"]["application/json"]["schema"] == ERROR_BODY
    for code, response in operation["responses"].items():
        if int(code) >= 400:
            assert response["content"]["application/json"]["schema"] == ERROR_BODY
            assert "`" in response["description"], f"{code} names no error code"


def test_routes_that_address_an_object_document_404() -> None:
    for path, method, operation in OPERATIONS:
        if "{" in path and not path.startswith("/actions/"):
            assert "404" in operation["responses"], (method, path)


def test_administration_routes_document_403() -> None:
    for path, method, operation in OPERATIONS:
        if path.startswith("/admin/"):
            assert "403" in operation["responses"], (method, path)


def test_the_link_pages_are_html_without_a_token() -> None:
    for method in ("get", "post"):
        operation = COMMITTED["paths"]["/actions/{token}"][method]
        assert "security" not in operation
        for response in operation["responses"].values():
            assert set(response["content"]) == {"text/html"}
    form = COMMITTED["paths"]["/actions/{token}"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in form


def test_idempotency_key_is_documented_where_it_is_honoured() -> None:
    with_key = {
        (path, method)
        for path, method, operation in OPERATIONS
        if any(p["name"].lower() == "idempotency-key" for p in operation.get("parameters", []))
    }
    assert with_key == {("/match-requests", "post")}


def test_no_fastapi_error_shapes_remain() -> None:
    text = json.dumps(COMMITTED)
    assert "HTTPValidationError" not in text
    assert '"detail"' not in text


def _header_values(response: dict[str, Any]) -> dict[str, str]:
    components = COMMITTED["components"]["headers"]
    return {
        name: components[reference["$ref"].rsplit("/", 1)[1]]["schema"]["const"]
        for name, reference in response["headers"].items()
    }


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS)
def test_every_answer_documents_the_headers_it_carries(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    for status, response in operation["responses"].items():
        media_types = list(response.get("content", {})) or [None]
        expected = {"Cache-Control": "no-store", **security_headers(media_types[0])}
        assert _header_values(response) == expected, f"{method.upper()} {path} {status}"


def test_every_documented_header_is_required() -> None:
    assert all(header["required"] for header in COMMITTED["components"]["headers"].values())


def test_link_pages_document_their_own_content_security_policy() -> None:
    page = COMMITTED["paths"]["/actions/{token}"]["get"]["responses"]["200"]
    assert (
        _header_values(page)["Content-Security-Policy"] == PAGE_HEADERS["Content-Security-Policy"]
    )
    me = COMMITTED["paths"]["/me"]["get"]["responses"]["200"]
    assert _header_values(me)["Content-Security-Policy"] == API_HEADERS["Content-Security-Policy"]
