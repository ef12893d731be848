"""The headers on every answer: what browsers may keep of what the API sends, and do with it.

The API answers JSON to apps and, behind the emailed one-click links, small HTML pages. Both
carry personal data, and a link page's address is its token, so: nothing is sniffed into
another type, framed (clickjacking a confirm button), fetched or run from elsewhere, or sent
on as a referrer; browsers keep to HTTPS. The same JSON set is on API Gateway's own answers
(template.yaml's Gateway Responses; a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping

# Personal data must not be kept by browsers or shared caches.
NO_STORE = "no-store"

_COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}

# JSON is data, never a document: nothing may load from it or frame it.
API_HEADERS: Mapping[str, str] = {
    **_COMMON,
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}

# A link page: its own inline styles (as the emails', mentoring.mail.styles) and forms that post
# back to itself; no scripts, images or anything from elsewhere.
PAGE_HEADERS: Mapping[str, str] = {
    **_COMMON,
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


def security_headers(content_type: str | None) -> Mapping[str, str]:
    """The headers for an answer of this content type."""
    if content_type and content_type.lower().startswith("text/html"):
        return PAGE_HEADERS
    return API_HEADERS


def answer_headers(content_type: str | None) -> dict[str, str]:
    """Every header an answer of this content type carries whoever built it: not to be
    stored, and its security headers."""
    return {"Cache-Control": NO_STORE, **security_headers(content_type)}
