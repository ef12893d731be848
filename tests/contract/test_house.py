"""The house rules a newcomer relies on: the layer's folders show its layers, each scheme number
and the administrator's address have one source, and no name hides a standard module."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from local_stack.api_document import api_document
from local_stack.template import load_template
from mentoring.api.link_pages import LinkPages
from mentoring.config import SchemeRules
from mentoring.data.table import Table
from mentoring.domain.action_links import Action, ActionClaim
from mentoring.errors import SessionLimitReached
from mentoring.mail import kinds  # noqa: F401 - every kind registered
from mentoring.mail.compose import Context
from mentoring.mail.render import render
from mentoring.services import ports
from tests.support.emails import every_builder
from tests.support.lambdas import ROOT
from tests.support.records import request_record

LAYER = ROOT / "shared" / "mentoring"
SIX = {"SESSIONS_LIMIT": "6"}


def the_words_of(text: str) -> set[str]:
    return {word.strip(".,;:()\"'").lower() for word in text.split()}


def test_the_top_of_the_layer_keeps_only_what_every_floor_uses() -> None:
    top = sorted(p.name for p in LAYER.glob("*.py") if p.name != "__init__.py")

    assert len(top) <= 10, top
    assert {p.name for p in LAYER.iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "api",
        "mail",
        "domain",
        "services",
        "data",
    }


def test_no_module_or_folder_carries_a_standard_library_name() -> None:
    names = {path.stem for path in LAYER.rglob("*.py")} | {
        path.name for path in LAYER.rglob("*") if path.is_dir()
    }

    assert names & sys.stdlib_module_names == set()


def test_no_code_outside_the_template_names_the_administrators_address() -> None:
    published = load_template()["Parameters"]["AdminEmail"]["Default"]
    files = subprocess.run(
        ["git", "grep", "-l", "-F", published],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    assert files == ["template.yaml"]


# ---- one source for the number of sessions: set it to six, and nothing says four -----------


@pytest.fixture(scope="module")
def six() -> SchemeRules:
    return SchemeRules.model_validate(os.environ | SIX)


def test_with_six_sessions_the_api_document_never_says_four() -> None:
    text = str(api_document(overrides=SIX))

    assert not {"four", "fourth"} & the_words_of(text)
    assert "up to six sessions each" in text
    assert "the sixth ends the match" in text


def test_with_six_sessions_no_email_says_four(six: SchemeRules) -> None:
    context = Context(rules=six, admin_email="a@example.org", links=lambda r, d: ("x", "y"))
    texts = [render(notice, context).text for notice in every_builder()]

    assert not {"four", "fourth"} & the_words_of(" ".join(texts))
    assert any("up to six mentoring sessions" in text for text in texts)


def test_with_six_sessions_the_link_pages_and_the_limit_say_six(six: SchemeRules) -> None:
    claim = ActionClaim("req-1", Action.ACCEPT, datetime(2027, 1, 1, tzinfo=UTC))
    page = LinkPages("a@example.org", six).done(claim, request_record())
    refused = SessionLimitReached.of(six.sessions_limit, planned=2).message

    assert "up to six mentoring sessions" in page
    assert "allows six sessions" in refused
    assert not {"four", "fourth"} & the_words_of(page + refused)


# ---- wiring you can read -----------------------------------------------------------------------


def _classes(package: str) -> list[type]:

    found: list[type] = []
    for module in pkgutil.iter_modules([str(LAYER / package)]):
        loaded = importlib.import_module(f"mentoring.{package}.{module.name}")
        found += [
            value
            for value in vars(loaded).values()
            if inspect.isclass(value) and value.__module__ == loaded.__name__
        ]
    return found


def test_no_service_takes_more_than_six_collaborators_and_each_by_keyword() -> None:

    collaborator_types = {
        name
        for name, value in vars(ports).items()
        if inspect.isclass(value) and getattr(value, "_is_protocol", False)
    } | {"Clock", "Stores"}

    def takes_collaborators(candidate: type) -> bool:
        return any(
            set(str(field.type).replace("|", " ").split()) & collaborator_types
            for field in dataclasses.fields(candidate)
        )

    services = [
        c for c in _classes("services") if dataclasses.is_dataclass(c) and takes_collaborators(c)
    ]

    assert services
    for service in services:
        collaborators = dataclasses.fields(service)
        assert len(collaborators) <= 6, service.__name__
        assert all(field.kw_only for field in collaborators), service.__name__


def _takes_the_table(candidate: type) -> bool:
    parameter = inspect.signature(candidate).parameters.get("table")
    return parameter is not None and parameter.annotation in (Table, "Table")


def test_every_store_is_named_a_store_and_no_port_shares_a_name_with_one() -> None:
    stores = [c for c in _classes("data") if _takes_the_table(c)]
    port_names = {name for name, value in vars(ports).items() if inspect.isclass(value)}

    assert stores
    assert [s.__name__ for s in stores if not s.__name__.endswith("Store")] == []
    assert {s.__name__ for s in stores} & port_names == set()


# ---- the layers: imports only ever point down -------------------------------------------------

# What each floor of the layer may import of the layer (besides itself).
MAY_IMPORT = {
    "top": {"top"},
    "domain": {"top"},
    "mail": {"top", "domain"},
    "services": {"top", "domain", "mail"},
    "data": {"top", "domain", "mail", "services.ports"},
    "api": {"top", "domain", "mail", "services"},
    "wiring": {"top", "domain", "mail", "services", "data"},
}
TOP = {"config", "errors", "clock", "observability", "wording"}


def _floor(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts or parts[0] in TOP:
        return "top"
    if parts[0] == "wiring":
        return "wiring"
    if parts[:2] == ["services", "ports"]:
        return "services.ports"
    return parts[0]


def test_imports_only_ever_point_down_the_layers() -> None:

    wrong = []
    for path in LAYER.rglob("*.py"):
        module = "mentoring." + ".".join(path.relative_to(LAYER).with_suffix("").parts)
        here = _floor(module.removesuffix(".__init__"))
        allowed = MAY_IMPORT["services" if here == "services.ports" else here] | {here}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if not name.startswith("mentoring.") or name.count(".") < 1:
                    continue
                there = _floor(name)
                if there == "services.ports" and "services" in allowed:
                    continue
                outside = there not in allowed and there.split(".")[0] not in allowed
                if outside and _is_module(name):
                    wrong.append(f"{module} -> {name}")
    assert wrong == []


def _is_module(name: str) -> bool:
    relative = name.split(".")[1:]
    return (LAYER.joinpath(*relative).with_suffix(".py")).exists() or LAYER.joinpath(
        *relative
    ).is_dir()
