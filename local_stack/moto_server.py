"""moto in server mode, one AWS call at a time, with SES failures on demand.

DynamoDB makes each write (and each transaction) atomic. moto's server handles requests on
several threads without that guarantee, so concurrent conditional writes could interleave
inside moto itself. Serialising calls gives the local stack DynamoDB's atomicity; callers
still race each other between their calls, exactly as in AWS.

`ses_failures` (POST /local/faults) makes the next n SES send calls fail as a throttled SES
does (HTTP 429, TooManyRequestsException), to watch the notification path retry.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from local_stack.moto_speed import keep_dynamodb_lean


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        from moto.moto_server.werkzeug_app import (  # noqa: PLC0415 - dev-only dependency
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        keep_dynamodb_lean()
        moto_app = DomainDispatcherApplication(create_backend_app)
        lock = threading.Lock()
        self.ses_failures = 0

        def one_at_a_time(
            environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            with lock:
                if _is_ses_send(environ) and self.ses_failures > 0:
                    self.ses_failures -= 1
                    return _throttled(start_response)
                return list(moto_app(environ, start_response))

        self._server: BaseWSGIServer = make_server(
            host, port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def set_ses_failures(self, count: int) -> int:
        self.ses_failures = count
        return count

    @property
    def endpoint_url(self) -> str:
        return f"http://{self._server.host}:{self._server.server_port}"

    def start(self) -> MotoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _is_ses_send(environ: dict[str, Any]) -> bool:
    """SES v2 SendEmail (the mailer's call): POST /v2/email/outbound-emails."""
    return bool(
        environ.get("REQUEST_METHOD") == "POST"
        and environ.get("PATH_INFO", "").rstrip("/") == "/v2/email/outbound-emails"
    )


def _throttled(start_response: Callable[..., Any]) -> list[bytes]:
    body = json.dumps({"message": "Maximum sending rate exceeded."}).encode()
    start_response(
        "429 Too Many Requests",
        [
            ("Content-Type", "application/json"),
            ("x-amzn-ErrorType", "TooManyRequestsException"),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]
