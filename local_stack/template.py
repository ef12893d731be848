"""Reading template.yaml: tables, user pool, routes and environment, so nothing can drift."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = ROOT / "template.yaml"

Template = dict[str, Any]


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short forms (!Ref, !GetAtt, !Sub...) as their long forms."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@lru_cache(maxsize=4)
def load_template(path: Path = TEMPLATE_PATH) -> Template:
    with path.open(encoding="utf-8") as handle:
        loaded: Template = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    return loaded


def resources_of_type(template: Template, resource_type: str) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource.get("Properties", {})
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


def table_definition(
    properties: dict[str, Any], table_name: str, template: Template
) -> dict[str, Any]:
    """create_table arguments for an AWS::DynamoDB::Table's properties (its `!If`s decided by
    the template's parameter defaults, as a stack deployed with them would have)."""
    properties = _decided(properties, template)
    definition: dict[str, Any] = {
        "TableName": table_name,
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if properties.get("GlobalSecondaryIndexes"):
        definition["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    if stream := properties.get("StreamSpecification"):
        definition["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    return definition


def _decided(value: Any, template: Template) -> Any:
    """`Fn::If` replaced by the branch its condition picks; `AWS::NoValue` left out."""
    if isinstance(value, dict) and "Fn::If" in value:
        condition, when_true, when_false = value["Fn::If"]
        return _decided(when_true if _holds(condition, template) else when_false, template)
    if isinstance(value, dict):
        return {key: _decided(item, template) for key, item in value.items()}
    if isinstance(value, list):
        decided = (_decided(item, template) for item in value)
        return [item for item in decided if item != {"Ref": "AWS::NoValue"}]
    return value


def _holds(condition: str, template: Template) -> bool:
    """A condition of the form `!Equals [!Ref Parameter, value]`, at the parameter's default."""
    left, right = template["Conditions"][condition]["Fn::Equals"]
    return _resolve(left, template, {}) == _resolve(right, template, {})


@dataclass(frozen=True)
class Route:
    function_id: str
    code_uri: Path
    handler: str
    method: str
    path: str
    needs_token: bool = True  # False where the event says Auth: {Authorizer: NONE}


def api_routes(template: Template) -> list[Route]:
    """Every Api event of every function, as API Gateway would route them."""
    routes = []
    for function_id, properties in resources_of_type(template, "AWS::Serverless::Function").items():
        for event in properties.get("Events", {}).values():
            if event["Type"] != "Api":
                continue
            routes.append(
                Route(
                    function_id=function_id,
                    code_uri=ROOT / properties["CodeUri"],
                    handler=properties["Handler"],
                    method=event["Properties"]["Method"].upper(),
                    path=event["Properties"]["Path"],
                    needs_token=event["Properties"].get("Auth", {}).get("Authorizer") != "NONE",
                )
            )
    return routes


def api_function_ids(template: Template) -> list[str]:
    """The functions behind the API, in the template's order."""
    return list(dict.fromkeys(route.function_id for route in api_routes(template)))


def function_environment(
    template: Template,
    function_id: str,
    references: dict[str, str],
    overrides: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Globals and the function's own variables, !Ref resolved from `references`.

    `overrides` gives local values for variables built from AWS-only intrinsics (!Sub of the
    API's execute-api URL, say).
    """
    variables = dict(
        template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    )
    function = template["Resources"][function_id]["Properties"]
    variables.update(function.get("Environment", {}).get("Variables", {}))
    overrides = overrides or {}
    return {
        name: overrides[name] if name in overrides else _resolve(value, template, references)
        for name, value in variables.items()
    }


def _resolve(value: Any, template: Template, references: dict[str, str]) -> str:
    if isinstance(value, dict) and "Ref" in value:
        name = value["Ref"]
        if name in references:
            return references[name]
        parameter = template.get("Parameters", {}).get(name)
        if parameter is not None and "Default" in parameter:
            return str(parameter["Default"])
        raise KeyError(f"No local value for !Ref {name}")
    return str(value)


def function_limits(template: Template, function_id: str) -> tuple[int, int]:
    """The function's timeout (seconds) and memory (MB): its own, or the Globals', or AWS's."""
    defaults = template.get("Globals", {}).get("Function", {})
    declared = template["Resources"][function_id]["Properties"]
    return (
        int(declared.get("Timeout", defaults.get("Timeout", 3))),
        int(declared.get("MemorySize", defaults.get("MemorySize", 128))),
    )
