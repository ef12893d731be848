"""Floor step 2: step 1 behind Powertools' REST resolver, without request validation."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from observed import observed
from one_read import get_item

app = APIGatewayRestResolver()


@app.get("/mentors")
def search() -> dict[str, Any]:
    get_item()
    query = app.current_event.query_string_parameters or {}
    return {"items": [], "specialty": query.get("specialty"), "language": query.get("language")}


@observed
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
