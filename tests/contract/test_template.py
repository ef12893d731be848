"""template.yaml: valid, least-privilege, and in step with the code that serves each route."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint_file

from local_stack.template import (
    ROOT,
    api_routes,
    load_template,
    resources_of_type,
    table_definition,
)
from mentoring.api.headers import API_HEADERS
from tests.support.lambdas import load_function

TEMPLATE = load_template()
RESOURCES = TEMPLATE["Resources"]
FUNCTIONS = resources_of_type(TEMPLATE, "AWS::Serverless::Function")


def test_cfn_lint_finds_nothing() -> None:
    findings = lint_file(ROOT / "template.yaml", config=ManualArgs(regions=["eu-west-2"]))
    assert [str(finding) for finding in findings] == []


def test_functions_run_python_3_13_on_arm64_with_tracing() -> None:
    function_globals = TEMPLATE["Globals"]["Function"]
    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == ["arm64"]
    assert function_globals["Tracing"] == "Active"
    assert function_globals["Layers"] == [{"Ref": "MentoringLayer"}]
    variables = function_globals["Environment"]["Variables"]
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "ImgPeerMentoring"


def test_the_layer_is_built_from_shared_with_bytecode_and_without_the_runtimes_packages() -> None:
    layer = RESOURCES["MentoringLayer"]
    assert layer["Properties"]["ContentUri"] == "shared/"
    assert layer["Metadata"] == {"BuildMethod": "makefile", "BuildArchitecture": "arm64"}
    recipe = (ROOT / "shared" / "Makefile").read_text()
    assert "build-MentoringLayer:" in recipe
    assert "compileall" in recipe
    assert "boto3 botocore" in recipe
    requirements = (ROOT / "shared" / "requirements.txt").read_text()
    assert "[tracer]" not in requirements  # no aws-xray-sdk, and so no second botocore


@pytest.mark.parametrize("function_id", sorted(FUNCTIONS))
def test_every_function_logs_to_a_group_with_retention(function_id: str) -> None:
    group_ref = FUNCTIONS[function_id]["LoggingConfig"]["LogGroup"]["Ref"]
    group = RESOURCES[group_ref]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert FUNCTIONS[function_id]["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"]


def policy_actions(function_id: str) -> list[str]:
    actions = []
    for policy in FUNCTIONS[function_id].get("Policies", []):
        assert isinstance(policy, dict), "inline statements only"
        assert "Statement" in policy, "inline statements only"
        for statement in policy["Statement"]:
            listed = statement["Action"]
            actions += listed if isinstance(listed, list) else [listed]
    return actions


@pytest.mark.parametrize("function_id", sorted(FUNCTIONS))
def test_policies_name_each_action_and_never_scan(function_id: str) -> None:
    actions = policy_actions(function_id)
    assert actions
    assert not [a for a in actions if "*" in a]
    assert "dynamodb:Scan" not in actions


def test_the_directory_can_only_read() -> None:
    assert set(policy_actions("DirectoryFunction")) == {
        "dynamodb:GetItem",
        "dynamodb:Query",
        "secretsmanager:GetSecretValue",  # the key that seals its cursors
    }


def test_the_table_is_on_demand_recoverable_expiring_and_protected() -> None:
    table = RESOURCES["MentoringTable"]
    properties = table["Properties"]
    assert table["DeletionPolicy"] == "Retain"
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert properties["DeletionProtectionEnabled"] is True
    assert [key["AttributeName"] for key in properties["KeySchema"]] == ["PK", "SK"]


@pytest.mark.parametrize(("people_indexes", "indexes"), [("both", 6), ("first", 5)])
def test_an_older_stack_can_gain_the_two_people_indexes_one_update_at_a_time(
    people_indexes: str, indexes: int
) -> None:
    """CloudFormation adds one index to a table per update: PeopleIndexes=first holds GSI6
    back (and its key attributes, which DynamoDB refuses unused) for a first deploy."""
    template = TEMPLATE | {
        "Parameters": TEMPLATE["Parameters"]
        | {"PeopleIndexes": TEMPLATE["Parameters"]["PeopleIndexes"] | {"Default": people_indexes}}
    }
    table = table_definition(RESOURCES["MentoringTable"]["Properties"], "t", template)
    names = [index["IndexName"] for index in table["GlobalSecondaryIndexes"]]
    assert names == [f"GSI{n}" for n in range(1, indexes + 1)]
    defined = {attribute["AttributeName"] for attribute in table["AttributeDefinitions"]}
    keys = {key["AttributeName"] for i in table["GlobalSecondaryIndexes"] for key in i["KeySchema"]}
    assert defined == keys | {"PK", "SK"}


def test_the_idempotency_table_has_the_powertools_layout() -> None:
    properties = RESOURCES["IdempotencyTable"]["Properties"]
    assert properties["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert properties["TimeToLiveSpecification"]["AttributeName"] == "expiration"


def test_the_api_requires_a_cognito_token_by_default_and_is_throttled() -> None:
    api = RESOURCES["MentoringApi"]["Properties"]
    assert api["Auth"]["DefaultAuthorizer"] == "CognitoAuthorizer"
    assert api["Auth"]["Authorizers"]["CognitoAuthorizer"]["UserPoolArn"] == {
        "Fn::GetAtt": ["UserPool", "Arn"]
    }
    settings = api["MethodSettings"][0]
    assert settings["ThrottlingRateLimit"]
    assert settings["ThrottlingBurstLimit"]


@pytest.mark.parametrize(
    ("response_type", "status", "code"),
    [
        ("UNAUTHORIZED", "401", "unauthenticated"),
        ("ACCESS_DENIED", "403", "forbidden"),
        ("THROTTLED", "429", "rate_limited"),
        ("MISSING_AUTHENTICATION_TOKEN", "404", "not_found"),
        ("DEFAULT_4XX", None, "bad_request"),
        ("DEFAULT_5XX", None, "internal_error"),
    ],
)
def test_gateway_responses_carry_the_error_body(
    response_type: str, status: str | None, code: str
) -> None:
    response = RESOURCES["MentoringApi"]["Properties"]["GatewayResponses"][response_type]
    assert response.get("StatusCode") == status
    template = response["ResponseTemplates"]["application/json"]
    # $context variables are strings when API Gateway fills them in.
    body = json.loads(re.sub(r"\$context\.[A-Za-z.]+", '"message"', template))
    assert body["error"]["code"] == code
    assert body["error"]["details"] == []


def test_user_pool_has_an_admins_group_and_a_password_sign_in_client() -> None:
    assert RESOURCES["AdminsGroup"]["Properties"]["GroupName"] == "admins"
    client = RESOURCES["UserPoolClient"]["Properties"]
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    assert RESOURCES["UserPool"]["Properties"]["UsernameAttributes"] == ["email"]


def test_scheme_settings_are_parameters() -> None:
    assert {"SenderEmail", "AdminEmail", "CodeOfPracticeVersion"} <= set(TEMPLATE["Parameters"])


def test_samconfig_deploys_to_london() -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    assert config["default"]["deploy"]["parameters"]["region"] == "eu-west-2"


def served_routes(function_name: str) -> set[tuple[str, str]]:
    schema: Any = load_function(function_name).app.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, item in schema.paths.items()
        for method in ("get", "post", "put", "patch", "delete")
        if getattr(item, method) is not None
    }


@pytest.mark.parametrize(
    ("function_id", "folder"),
    [
        ("RegistrationFunction", "registration"),
        ("DirectoryFunction", "directory"),
        ("MatchingFunction", "matching"),
        ("SessionsFunction", "sessions"),
        ("EvaluationFunction", "evaluation"),
    ],
)
def test_template_routes_match_the_routes_each_function_serves(
    function_id: str, folder: str
) -> None:
    declared = {
        (route.method, route.path)
        for route in api_routes(TEMPLATE)
        if route.function_id == function_id and route.method != "OPTIONS"
    }
    assert FUNCTIONS[function_id]["CodeUri"] == f"functions/{folder}/"
    assert declared == served_routes(folder)


def test_only_the_one_click_links_and_preflights_skip_the_cognito_authorizer() -> None:
    anonymous = {
        (route.method, route.path)
        for route in api_routes(TEMPLATE)
        if not route.needs_token and route.method != "OPTIONS"
    }
    assert anonymous == {("GET", "/actions/{token}"), ("POST", "/actions/{token}")}


def test_every_path_a_browser_calls_has_a_preflight_without_a_token() -> None:
    routes = api_routes(TEMPLATE)
    called = {route.path for route in routes if not route.path.startswith("/actions/")}
    preflights = {route.path: route for route in routes if route.method == "OPTIONS"}
    assert set(preflights) == called
    for path, preflight in preflights.items():
        assert not preflight.needs_token
        # The function that answers the preflight serves the path itself.
        assert any(
            r.path == path and r.function_id == preflight.function_id and r.method != "OPTIONS"
            for r in routes
        )


def test_allowed_origins_reach_every_function_and_every_gateway_response() -> None:
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["ALLOWED_ORIGINS"] == {"Ref": "AllowedOrigins"}
    responses = RESOURCES["MentoringApi"]["Properties"]["GatewayResponses"]
    for name, response in responses.items():
        headers = response["ResponseParameters"]["Headers"]
        assert "SingleAllowedOrigin" in str(headers["Access-Control-Allow-Origin"]), name
        assert headers["Vary"] == "'Origin'"
        assert headers["Cache-Control"] == "'no-store'"


def static_header_value(mapping: str) -> str:
    """What API Gateway sends for a static mapping value: the text inside its single quotes,
    with the quotes it holds escaped by a backslash."""
    assert mapping.startswith("'"), mapping
    assert mapping.endswith("'"), mapping
    inner = mapping[1:-1]
    assert re.search(r"(?<!\\)'", inner) is None, f"an unescaped quote in {mapping}"
    return inner.replace("\\'", "'")


def test_gateway_responses_carry_the_same_security_headers_as_the_functions() -> None:
    responses = RESOURCES["MentoringApi"]["Properties"]["GatewayResponses"]
    for name, response in responses.items():
        headers = response["ResponseParameters"]["Headers"]
        sent = {
            header: static_header_value(value)
            for header, value in headers.items()
            if header in API_HEADERS
        }
        assert sent == dict(API_HEADERS), name


def test_the_reminders_schedule_runs_at_eight_on_weekdays_in_london() -> None:
    reminders = FUNCTIONS["RemindersFunction"]
    (schedule,) = reminders["Events"].values()
    properties = schedule["Properties"]
    assert schedule["Type"] == "ScheduleV2"
    assert properties["ScheduleExpression"] == "cron(0 8 ? * MON-FRI *)"
    assert properties["ScheduleExpressionTimezone"] == "Europe/London"
    assert json.loads(properties["Input"].replace("<aws.scheduler.scheduled-time>", "t")) == {
        "scheduled_time": "t"
    }
    assert properties["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    assert "Arn" in properties["DeadLetterConfig"]
    assert reminders["ReservedConcurrentExecutions"] == 1


def test_ladder_step_sizes_are_parameters() -> None:
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["ESCALATE_AFTER_WORKING_DAYS"] == {"Ref": "EscalateAfterWorkingDays"}
    assert variables["EXPIRE_AFTER_WORKING_DAYS"] == {"Ref": "ExpireAfterWorkingDays"}
    assert TEMPLATE["Parameters"]["EscalateAfterWorkingDays"]["Default"] == 2
    assert TEMPLATE["Parameters"]["ExpireAfterWorkingDays"]["Default"] == 5


def test_the_deployment_secret_is_generated_and_readable_only_where_needed() -> None:
    secret = RESOURCES["ActionTokenSecret"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    readers = {
        function_id
        for function_id in FUNCTIONS
        if "secretsmanager:GetSecretValue" in policy_actions(function_id)
    }
    # Links are signed where emails are made (notifications) and checked by matching; list
    # cursors are sealed wherever a route lists (evaluation lists nothing).
    assert readers == {
        "MatchingFunction",
        "NotificationsFunction",
        "RegistrationFunction",
        "DirectoryFunction",
        "SessionsFunction",
        "ConcernsFunction",
    }
    assert secret["Properties"]["KmsKeyId"] == {"Ref": "DataKey"}


def test_only_the_notifications_function_sends_email_and_only_from_the_sender_address() -> None:
    senders = {f for f in FUNCTIONS if "ses:SendEmail" in policy_actions(f)}
    assert senders == {"NotificationsFunction"}
    (statement,) = [
        statement
        for policy in FUNCTIONS["NotificationsFunction"]["Policies"]
        for statement in policy["Statement"]
        if statement["Action"] == "ses:SendEmail"
    ]
    assert statement["Condition"]["StringEquals"]["ses:FromAddress"] == {"Ref": "SenderEmail"}


def test_the_notifications_function_reads_the_stream_with_retries_and_parking() -> None:
    (stream,) = FUNCTIONS["NotificationsFunction"]["Events"].values()
    mapping = stream["Properties"]
    assert stream["Type"] == "DynamoDB"
    assert mapping["Stream"] == {"Fn::GetAtt": ["MentoringTable", "StreamArn"]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert 0 < mapping["MaximumRetryAttempts"] <= 10
    queue = mapping["DestinationConfig"]["OnFailure"]["Destination"]
    assert queue == {"Fn::GetAtt": ["NotificationsDeadLetterQueue", "Arn"]}
    alarm = RESOURCES["NotificationsParkedAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {
        "Fn::GetAtt": ["NotificationsDeadLetterQueue", "QueueName"]
    }
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert RESOURCES["MentoringTable"]["Properties"]["StreamSpecification"] == {
        "StreamViewType": "NEW_IMAGE"
    }


def test_both_tables_are_encrypted_with_the_schemes_own_key() -> None:
    key = RESOURCES["DataKey"]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    for table in ("MentoringTable", "IdempotencyTable"):
        sse = RESOURCES[table]["Properties"]["SSESpecification"]
        assert sse == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {"Ref": "DataKey"}}


def test_only_registration_may_delete_and_only_to_erase() -> None:
    deleters = {
        function_id
        for function_id in FUNCTIONS
        if "dynamodb:DeleteItem" in policy_actions(function_id)
        or "cognito-idp:AdminDeleteUser" in policy_actions(function_id)
    }
    # Matching deletes only its own idempotency records (Powertools), never mentoring data.
    assert deleters == {"RegistrationFunction", "MatchingFunction"}
    assert "cognito-idp:AdminDeleteUser" in policy_actions("RegistrationFunction")


def test_alarms_email_the_administrator() -> None:
    topic = RESOURCES["AlarmTopic"]["Properties"]
    assert topic["Subscription"] == [{"Protocol": "email", "Endpoint": {"Ref": "AdminEmail"}}]
    alarms = resources_of_type(TEMPLATE, "AWS::CloudWatch::Alarm")
    assert {
        "ApiServerErrorsAlarm",
        "FunctionErrorsAlarm",
        "RemindersMissedAlarm",
        "EmailFailuresAlarm",
    } <= set(alarms)
    assert all(alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}] for alarm in alarms.values())


def test_cloudwatch_may_publish_to_the_alarm_topic() -> None:
    # Alarms publish as the CloudWatch service. A topic encrypted with the AWS-managed
    # alias/aws/sns key refuses them (that key's policy cannot be extended), so no alarm email
    # would ever arrive: the topic's own key must let cloudwatch.amazonaws.com use it.
    topic = RESOURCES["AlarmTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmTopicKey"}
    statements = RESOURCES["AlarmTopicKey"]["Properties"]["KeyPolicy"]["Statement"]
    service = {"Service": "cloudwatch.amazonaws.com"}
    cloudwatch = [s for s in statements if s["Principal"] == service]
    assert len(cloudwatch) == 1
    assert {"kms:Decrypt", "kms:GenerateDataKey*"} <= set(cloudwatch[0]["Action"])


def test_a_missed_reminder_run_lands_in_a_queue_that_is_watched() -> None:
    (schedule,) = FUNCTIONS["RemindersFunction"]["Events"].values()
    assert schedule["Properties"]["DeadLetterConfig"] == {
        "Arn": {"Fn::GetAtt": ["RemindersDeadLetterQueue", "Arn"]}
    }
    # A run that throws is retried by Lambda's asynchronous invoke, then parked there too.
    on_failure = FUNCTIONS["RemindersFunction"]["EventInvokeConfig"]["DestinationConfig"]
    assert on_failure["OnFailure"] == {
        "Type": "SQS",
        "Destination": {"Fn::GetAtt": ["RemindersDeadLetterQueue", "Arn"]},
    }
    dimensions = RESOURCES["RemindersMissedAlarm"]["Properties"]["Dimensions"]
    assert dimensions[0]["Value"] == {"Fn::GetAtt": ["RemindersDeadLetterQueue", "QueueName"]}


def test_the_dashboard_is_valid_json_once_deployed() -> None:
    body = RESOURCES["SchemeDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    filled = re.sub(r"\$\{[^}]+\}", "x", body)
    assert len(json.loads(filled)["widgets"]) >= 4


def test_the_api_writes_an_access_log_of_ids_never_bodies() -> None:
    settings = RESOURCES["MentoringApi"]["Properties"]["AccessLogSetting"]
    assert settings["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    line = json.loads(settings["Format"])
    assert {"request_id", "resource", "status", "user_id"} <= set(line)
    assert not any(
        word in settings["Format"] for word in ("body", "sourceIp", "userAgent", "authorization")
    )
    retention = RESOURCES["ApiAccessLogGroup"]["Properties"]["RetentionInDays"]
    assert retention == {"Ref": "LogRetentionDays"}


def test_checkov_skips_each_say_why() -> None:
    """Every check the security scan skips carries a reason right above it."""
    lines = (ROOT / ".checkov.yaml").read_text().splitlines()
    skips = [(i, line.strip()) for i, line in enumerate(lines) if line.strip().startswith("- CKV")]
    assert skips
    for index, skip in skips:
        assert lines[index - 1].strip().startswith("#"), f"{skip} has no reason"


def test_an_email_parked_for_more_than_a_day_rings_an_alarm_shown_on_the_dashboard() -> None:
    alarm = RESOURCES["NotificationsParkedTooLongAlarm"]["Properties"]
    body = RESOURCES["SchemeDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]

    assert (alarm["MetricName"], alarm["Statistic"], alarm["Threshold"]) == (
        "OldestParkedNotificationAge",
        "Maximum",
        24 * 3600,
    )
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert "${NotificationsParkedTooLongAlarm.Arn}" in body
    assert '"NotificationsParked"' in body
