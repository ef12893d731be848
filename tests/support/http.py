"""A tiny HTTP client for end-to-end tests (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass
class HttpAnswer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def body(self) -> Any:
        return json.loads(self.text) if self.text else None

    @property
    def error_code(self) -> str:
        return str(self.body["error"]["code"])


def request(
    method: str,
    url: str,
    *,
    token: str | None = None,
    json_body: Any = None,
    raw_body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> HttpAnswer:
    sent_headers = dict(headers or {})
    data = raw_body
    if json_body is not None:
        data = json.dumps(json_body).encode()
        sent_headers.setdefault("Content-Type", "application/json")
    if token is not None:
        sent_headers["Authorization"] = f"Bearer {token}"
    prepared = urllib.request.Request(url, data=data, method=method, headers=sent_headers)
    try:
        with urllib.request.urlopen(prepared, timeout=30) as response:
            return HttpAnswer(
                response.status, dict(response.headers), response.read().decode("utf-8")
            )
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, dict(error.headers), error.read().decode("utf-8"))
