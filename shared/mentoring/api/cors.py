"""Which web origins may call the API from a browser (CORS), built on Powertools' CORSConfig.

The deployed list comes from the template parameter `AllowedOrigins`. An entry may end in
`:*` to allow any port of that scheme and host: the local stack allows `http://localhost:*`
and `http://127.0.0.1:*`, so any page a developer serves on their machine can call it.
An origin not on the list gets no CORS headers at all.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import CORSConfig

# Headers a browser may send besides the CORS-safelisted ones (Powertools adds Authorization
# and Content-Type itself).
ALLOWED_HEADERS = ["Idempotency-Key"]
# How long a browser may reuse a preflight answer (Chrome caps this at two hours).
PREFLIGHT_MAX_AGE_SECONDS = 600
_ANY_PORT = ":*"
# Matches no real origin: CORSConfig's own default would be "*", which this policy never uses.
_NO_ORIGIN = "null-origin-not-allowed"


def parse_origins(setting: str) -> tuple[str, ...]:
    """`AllowedOrigins` as a tuple: comma-separated, blanks and trailing slashes dropped."""
    return tuple(
        origin.strip().rstrip("/") for origin in setting.split(",") if origin.strip().rstrip("/")
    )


class OriginPolicy(CORSConfig):
    """Powertools' CORS headers, for exact origins and for `scheme://host:*` port wildcards."""

    def __init__(self, origins: tuple[str, ...]):
        exact = [origin for origin in origins if not origin.endswith(_ANY_PORT)]
        self._any_port_of = tuple(
            origin.removesuffix("*") for origin in origins if origin.endswith(_ANY_PORT)
        )
        super().__init__(
            allow_origin=exact[0] if exact else _NO_ORIGIN,
            extra_origins=exact[1:],
            allow_headers=ALLOWED_HEADERS,
            max_age=PREFLIGHT_MAX_AGE_SECONDS,
        )

    def allows(self, origin: str | None) -> bool:
        if not origin or origin == _NO_ORIGIN:
            return False
        if origin in self._allowed_origins:
            return True
        for prefix in self._any_port_of:
            port = origin.removeprefix(prefix)
            if origin.startswith(prefix) and port.isdigit() and len(port) <= 5:
                return True
        return False

    def allowed_origin(self, extracted_origin: str) -> str | None:
        return extracted_origin if self.allows(extracted_origin) else None

    def to_dict(self, origin: str | None) -> dict[str, str]:
        if not self.allows(origin):
            return {}
        # Powertools builds the headers for a listed origin; a port-wildcard match then names
        # the caller's own origin, as an exact match would.
        headers: dict[str, str] = super().to_dict(self._allowed_origins[0])
        headers["Access-Control-Allow-Origin"] = str(origin)
        return headers
