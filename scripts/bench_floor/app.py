"""Floor step 4, the framework alone: what any function built as ours pays at a cold start
before a line of the scheme runs. Powertools' REST resolver with request validation (the
contract's 422s come from it), its Logger and Metrics, and one route that does one GetItem,
as the reference process does; no project code. Steps 1-3 (observed.py, routed.py,
modelled.py) take it apart."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from observed import observed
from one_read import get_item

app = APIGatewayRestResolver(enable_validation=True)


@app.get("/mentors")
def search(
    specialty: Annotated[str | None, Query(max_length=80)] = None,
    language: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    get_item()
    return {"items": [], "specialty": specialty, "language": language}


@observed
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
