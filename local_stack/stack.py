"""Start and stop the whole local stack: moto, resources from template.yaml, functions, gateway."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from local_stack import pages
from local_stack.api_document import api_document
from local_stack.authorizer import CognitoAuthorizer
from local_stack.functions import FunctionFailed, LambdaFunction, Limits
from local_stack.gateway import ApiGateway, gateway_error
from local_stack.moto_server import MotoServer
from local_stack.parameters import (
    ACCOUNT_ID,
    ALLOWED_ORIGINS,
    IDEMPOTENCY_TABLE_NAME,
    REGION,
    SENDER_EMAIL,
    TABLE_NAME,
    references,
)
from local_stack.resources import create_secret, create_tables, create_user_pool
from local_stack.stream import (
    EventSourceMapping,
    InvocationFailed,
    MappingSettings,
    stream_arn,
    streams_client,
)
from local_stack.template import (
    ROOT,
    Template,
    api_function_ids,
    api_routes,
    function_environment,
    function_limits,
    load_template,
    resources_of_type,
)
from mentoring.api.cors import OriginPolicy, parse_origins
from mentoring.errors import BadSchedulerInput

DEFAULT_STATE_FILE = ROOT / ".local" / "stack.json"
NOT_RUNNING = "The local stack is not running (start it with `make run`)."


@dataclass
class StackInfo:
    api_url: str
    aws_endpoint_url: str
    region: str
    user_pool_id: str
    user_pool_client_id: str
    table_name: str
    idempotency_table_name: str
    demo_users: list[dict[str, str]] = field(default_factory=list)


def _isolate_from_real_aws(endpoint_url: str) -> None:
    """Every AWS call of this process goes to moto, with throwaway credentials."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint_url,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            # The stack's own logs (seeding); each function logs under its own name.
            "POWERTOOLS_SERVICE_NAME": "local-stack",
        }
    )
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)


def _send_own_logs_to(log: TextIO) -> None:
    """The stack's own JSON log lines (seeding goes through the services) join the functions'."""
    from mentoring.observability import logger  # noqa: PLC0415 - after its service name is set

    for handler in logger.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(log)


def _scheduled_function(template: Template) -> str | None:
    for function_id, properties in resources_of_type(template, "AWS::Serverless::Function").items():
        if any(e["Type"] == "ScheduleV2" for e in properties.get("Events", {}).values()):
            return function_id
    return None


class _Dispatch:
    """The WSGI app the server is bound with before the gateway exists (to learn the port)."""

    def __init__(self) -> None:
        self.target: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return self.target(environ, start_response)


class LocalStack:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 3000,
        moto_port: int = 0,
        log: TextIO | None = None,
    ):
        """`log`: where the JSON logs of the functions and of seeding go (None: stderr)."""
        self.host = host
        self.log = log
        self.port = port
        self.moto_port = moto_port
        self.template = load_template()
        self._moto: MotoServer | None = None
        self._server: BaseWSGIServer | None = None
        self._functions: dict[str, LambdaFunction] = {}
        self._stream: EventSourceMapping | None = None
        self.info: StackInfo | None = None

    def start(self, seed: bool = True) -> StackInfo:
        moto = self._moto = MotoServer(self.host, self.moto_port).start()
        endpoint_url = moto.endpoint_url
        _isolate_from_real_aws(endpoint_url)
        if self.log is not None:
            _send_own_logs_to(self.log)
        dispatch = _Dispatch()
        self._server = make_server(self.host, self.port, dispatch, threaded=True)
        api_url = f"http://{self.host}:{self._server.server_port}"

        import boto3  # noqa: PLC0415 - after the environment points at moto

        dynamodb = boto3.client("dynamodb")
        create_tables(
            dynamodb,
            self.template,
            {"MentoringTable": TABLE_NAME, "IdempotencyTable": IDEMPOTENCY_TABLE_NAME},
        )
        cognito = boto3.client("cognito-idp")
        pool = create_user_pool(cognito, self.template, "img-mentoring-local")
        boto3.client("ses").verify_email_identity(EmailAddress=SENDER_EMAIL)
        secret_arn = create_secret(boto3.client("secretsmanager"), "img-mentoring-action-tokens")

        local_values = references(secret_arn, pool.user_pool_id)
        scheduled = _scheduled_function(self.template)
        mapping = MappingSettings.from_template(self.template)
        function_ids = api_function_ids(self.template) + [
            f for f in (scheduled, mapping.function_id) if f
        ]
        properties = resources_of_type(self.template, "AWS::Serverless::Function")
        for function_id in function_ids:
            timeout, memory = function_limits(self.template, function_id)
            self._functions[function_id] = LambdaFunction(
                name=function_id,
                code_uri=ROOT / properties[function_id]["CodeUri"],
                handler=properties[function_id]["Handler"],
                environment=function_environment(
                    self.template, function_id, local_values, overrides={"PUBLIC_API_URL": api_url}
                ),
                limits=Limits(timeout_seconds=timeout, memory_mb=memory),
                log=self.log,
            )

        demo_users: list[dict[str, str]] = []
        if seed:
            from local_stack.seed import DEMO_PASSWORD, Seeder  # noqa: PLC0415
            from mentoring.config import RegistrationConfig  # noqa: PLC0415

            config = RegistrationConfig.from_environment(
                os.environ | self._functions["RegistrationFunction"].environment
            )
            for user in Seeder(cognito, pool.user_pool_id, config).seed():
                demo_users.append({**asdict(user), "password": DEMO_PASSWORD})

        # The document comes from the functions' own routes (imported here only to read them).
        openapi = api_document()
        for function in self._functions.values():
            function.warm()
        stream = EventSourceMapping(
            streams_client(),
            stream_arn(dynamodb, TABLE_NAME),
            invoke=self._invoke(mapping.function_id),
            settings=mapping,
        ).start()
        self._stream = stream
        authorizer = CognitoAuthorizer(endpoint_url, REGION, pool.user_pool_id, pool.client_id)
        swagger_dir = Path(str(__import__("flask_swagger_ui").__file__)).parent / "dist"
        dispatch.target = ApiGateway(
            routes=api_routes(self.template),
            functions=self._functions,
            authorizer=authorizer,
            local_pages={
                ("GET", "/"): pages.to_docs,
                ("GET", "/docs"): pages.docs_page,
                ("GET", "/openapi.json"): pages.openapi_page(openapi),
                ("GET", "/local/emails"): pages.emails_page(ACCOUNT_ID, REGION, stream.settle),
                ("GET", "/local/emails.json"): pages.emails_json(ACCOUNT_ID, REGION, stream.settle),
                ("GET", "/local/dead-letters.json"): pages.dead_letters_json(
                    lambda: list(stream.parked)
                ),
                ("POST", "/local/faults"): pages.faults(moto.set_ses_failures),
                ("POST", "/local/schedules/reminders"): self._run_schedule(scheduled),
            },
            local_prefixes={
                "/docs/": pages.docs_assets(swagger_dir),
                pages.ATTACHMENTS: pages.email_attachment(ACCOUNT_ID, REGION, stream.settle),
            },
            cors=OriginPolicy(parse_origins(ALLOWED_ORIGINS)),
        )
        self.info = StackInfo(
            api_url=api_url,
            aws_endpoint_url=endpoint_url,
            region=REGION,
            user_pool_id=pool.user_pool_id,
            user_pool_client_id=pool.client_id,
            table_name=TABLE_NAME,
            idempotency_table_name=IDEMPOTENCY_TABLE_NAME,
            demo_users=demo_users,
        )
        return self.info

    def serve_in_background(self) -> None:
        """Answer requests on a thread of their own, so the caller's thread is free to wait
        for a signal (werkzeug's own loop would swallow it)."""
        server = self._server
        if server is None:
            raise RuntimeError("start() the stack first")
        threading.Thread(target=server.serve_forever, name="gateway", daemon=True).start()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        for function in self._functions.values():
            function.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._moto is not None:
            self._moto.stop()
            self._moto = None

    def _invoke(self, function_id: str) -> Callable[[dict[str, Any]], Any]:
        """The stream's consumer, as the mapping invokes it: a throw fails the whole batch."""

        def invoke(event: dict[str, Any]) -> Any:
            try:
                return self._functions[function_id].invoke(event)
            except FunctionFailed as failure:
                raise InvocationFailed(failure.error_type) from None

        return invoke

    def _run_schedule(self, function_id: str | None) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            if function_id is None:
                return gateway_error(404, "not_found", "There is no scheduled function yet.")
            payload = request.get_json(silent=True, force=True) if request.get_data() else {}
            if not isinstance(payload, dict):
                return gateway_error(400, "bad_request", "The body must be a JSON object.")
            scheduled_time = payload.get("scheduled_time") or datetime.now(UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
            try:
                result = self._functions[function_id].invoke({"scheduled_time": scheduled_time})
            except FunctionFailed as failure:
                if failure.error_type == BadSchedulerInput.__name__:
                    # Its message is the function's own description of the input it expects.
                    return gateway_error(400, "bad_request", failure.message)
                # Whatever else the function raised stays in its log: its text may quote data.
                return gateway_error(
                    502, "internal_error", "The reminders run failed: see the log."
                )
            return pages.json_response(result)

        return run


def write_state(info: StackInfo, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    temporary.replace(path)  # atomic: a reader never sees half a file


def state_file_from_environment() -> Path:
    """The running stack's state file: $LOCAL_STACK_STATE, or .local/stack.json."""
    return Path(os.environ.get("LOCAL_STACK_STATE", DEFAULT_STATE_FILE))


def read_state(path: Path) -> dict[str, Any] | None:
    """What a running stack wrote (None when none is running there)."""
    if not path.exists():
        return None
    state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return state
