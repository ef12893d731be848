"""The local stack's own pages: Swagger UI (offline), the merged OpenAPI, the email inbox."""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from local_stack.gateway import gateway_error
from local_stack.inbox import attachment_bytes, sent_emails

SWAGGER_ASSETS = (
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "favicon-32x32.png",
)

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IMG Peer Mentoring API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
  persistAuthorization: true});
</script></body></html>
"""


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, indent=2), status=status, content_type="application/json")


def to_docs(_: Request) -> Response:
    return redirect("/docs")


def docs_page(_: Request) -> Response:
    return Response(_DOCS_PAGE, content_type="text/html; charset=utf-8")


def docs_assets(swagger_dir: Path) -> Callable[[Request], Response]:
    def serve(request: Request) -> Response:
        name = request.path.removeprefix("/docs/")
        if name not in SWAGGER_ASSETS:
            return gateway_error(404, "not_found", "No such resource.")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Response((swagger_dir / name).read_bytes(), content_type=content_type)

    return serve


def openapi_page(document: dict[str, Any]) -> Callable[[Request], Response]:
    def serve(_: Request) -> Response:
        return json_response(document)

    return serve


def emails_json(
    account_id: str, region: str, settle: Callable[[], object]
) -> Callable[[Request], Response]:
    """Every email sent, oldest first, once everything written before the read has been sent
    or parked (`settle`)."""

    def serve(_: Request) -> Response:
        settle()
        return json_response(sent_emails(account_id, region))

    return serve


ATTACHMENTS = "/local/emails/"  # then <number in the inbox>/<filename>


def email_attachment(
    account_id: str, region: str, settle: Callable[[], object]
) -> Callable[[Request], Response]:
    """GET /local/emails/<n>/<filename>: one attachment of the inbox's nth email (oldest is
    1), as a file to open or save (a calendar invitation opens in the calendar)."""

    def serve(request: Request) -> Response:
        number, _, filename = request.path.removeprefix(ATTACHMENTS).partition("/")
        settle()
        emails = sent_emails(account_id, region)
        if not number.isdigit() or not 1 <= int(number) <= len(emails):
            return gateway_error(404, "not_found", "No such email in the local inbox.")
        found = [
            a for a in emails[int(number) - 1]["attachments"] if a["filename"] == unquote(filename)
        ]
        if not found:
            return gateway_error(404, "not_found", "That email has no such attachment.")
        content_type = found[0]["content_type"]
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return Response(
            attachment_bytes(found[0]),
            content_type=content_type,
            headers={"Content-Disposition": f'attachment; filename="{found[0]["filename"]}"'},
        )

    return serve


def dead_letters_json(parked: Callable[[], list[dict[str, Any]]]) -> Callable[[Request], Response]:
    def serve(_: Request) -> Response:
        return json_response(parked())

    return serve


def faults(set_ses_failures: Callable[[int], int]) -> Callable[[Request], Response]:
    """POST {"ses_failures": n}: the next n SES send calls fail (0 clears it)."""

    def serve(request: Request) -> Response:
        payload = request.get_json(silent=True, force=True)
        failures = payload.get("ses_failures") if isinstance(payload, dict) else None
        if not isinstance(failures, int) or isinstance(failures, bool) or failures < 0:
            return gateway_error(
                400, "bad_request", 'Expected {"ses_failures": n} with n a whole number >= 0.'
            )
        return json_response({"ses_failures": set_ses_failures(failures)})

    return serve


def emails_page(
    account_id: str, region: str, settle: Callable[[], object]
) -> Callable[[Request], Response]:
    def serve(_: Request) -> Response:
        settle()
        emails = sent_emails(account_id, region)
        rows = []
        for number, sent in reversed(list(enumerate(emails, start=1))):
            body = (
                f'<iframe sandbox="allow-popups allow-forms allow-top-navigation" '
                f'srcdoc="{html.escape(sent["html"])}"></iframe>'
                if sent["html"]
                else f"<pre>{html.escape(sent['text'] or '')}</pre>"
            )
            attached = "".join(
                f'<li><a href="{ATTACHMENTS}{number}/{quote(a["filename"])}" download>'
                f"{html.escape(a['filename'])}</a> ({html.escape(a['content_type'])})</li>"
                for a in sent["attachments"]
            )
            rows.append(
                f"<article><h2>#{number} {html.escape(sent['subject'])}</h2>"
                f"<dl><dt>From</dt><dd>{html.escape(sent['from'])}</dd>"
                + (
                    f"<dt>Reply-To</dt><dd>{html.escape(sent['reply_to'])}</dd>"
                    if sent["reply_to"]
                    else ""
                )
                + f"<dt>To</dt><dd>{html.escape(', '.join(sent['to']))}</dd>"
                f"<dt>Sent</dt><dd>{sent['sent_at']}</dd></dl>"
                f"{body}"
                + (f"<p>Attached:</p><ul>{attached}</ul>" if attached else "")
                + "</article>"
            )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>Local inbox</title><style>body{font-family:sans-serif;max-width:60em;"
            "margin:auto}iframe{width:100%;height:24em;border:1px solid #ccc}"
            "article{border-bottom:1px solid #ddd;padding:1em 0}"
            "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:0 0 1em}"
            "dt{color:#555}dd{margin:0}</style></head><body>"
            f"<h1>Local inbox ({len(emails)} emails, newest first)</h1>"
            + ("".join(rows) or "<p>No emails yet.</p>")
            + "</body></html>"
        )
        return Response(page, content_type="text/html; charset=utf-8")

    return serve
