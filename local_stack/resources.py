"""Create the template's tables and user pool in moto, from the template's own definitions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from local_stack.template import Template, resources_of_type, table_definition

ADMIN_GROUP = "admins"


def create_tables(dynamodb: Any, template: Template, names: dict[str, str]) -> None:
    """Create every AWS::DynamoDB::Table whose logical id is in `names` (logical id -> name)."""
    tables = resources_of_type(template, "AWS::DynamoDB::Table")
    for logical_id, table_name in names.items():
        properties = tables[logical_id]
        dynamodb.create_table(**table_definition(properties, table_name, template))
        ttl = properties.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            dynamodb.update_time_to_live(
                TableName=table_name,
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )


@dataclass(frozen=True)
class UserPoolIds:
    user_pool_id: str
    client_id: str


def create_user_pool(cognito: Any, template: Template, name: str) -> UserPoolIds:
    """The user pool, its app client and its groups, with the template's settings."""
    (pool_properties,) = resources_of_type(template, "AWS::Cognito::UserPool").values()
    (client_properties,) = resources_of_type(template, "AWS::Cognito::UserPoolClient").values()
    pool = cognito.create_user_pool(
        PoolName=name,
        Policies=pool_properties["Policies"],
        UsernameAttributes=pool_properties["UsernameAttributes"],
        AutoVerifiedAttributes=pool_properties["AutoVerifiedAttributes"],
        Schema=pool_properties["Schema"],
    )["UserPool"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName=f"{name}-app",
        GenerateSecret=False,
        ExplicitAuthFlows=client_properties["ExplicitAuthFlows"],
    )["UserPoolClient"]
    for group in resources_of_type(template, "AWS::Cognito::UserPoolGroup").values():
        cognito.create_group(
            GroupName=group["GroupName"],
            UserPoolId=pool["Id"],
            Description=group.get("Description", ""),
        )
    return UserPoolIds(user_pool_id=pool["Id"], client_id=client["ClientId"])


def create_secret(secretsmanager: Any, name: str) -> str:
    """A random secret, as the template's GenerateSecretString makes one; returns its ARN."""
    value = secrets.token_urlsafe(48)
    created = secretsmanager.create_secret(Name=name, SecretString=value)
    return str(created["ARN"])
