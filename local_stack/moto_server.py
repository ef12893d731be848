"""moto in server mode, one AWS call at a time.

DynamoDB makes each write (and each transaction) atomic. moto's server handles requests on
several threads without that guarantee, so concurrent conditional writes could interleave
inside moto itself. Serialising calls gives the local stack DynamoDB's atomicity; callers
still race each other between their calls, exactly as in AWS.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        from moto.moto_server.werkzeug_app import (  # noqa: PLC0415 - dev-only dependency
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        moto_app = DomainDispatcherApplication(create_backend_app)
        lock = threading.Lock()

        def one_at_a_time(
            environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            with lock:
                return list(moto_app(environ, start_response))

        self._server: BaseWSGIServer = make_server(
            host, port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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
