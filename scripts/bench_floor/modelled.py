"""Floor step 3: step 2 with one small pydantic model validating the query, as every function
validates its configuration with one at a cold start: what pydantic costs on its own."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from observed import observed
from one_read import get_item
from pydantic import BaseModel, Field

app = APIGatewayRestResolver()


class SearchQuery(BaseModel):
    specialty: Annotated[str | None, Field(max_length=80)] = None
    language: Annotated[str | None, Field(max_length=40)] = None


@app.get("/mentors")
def search() -> dict[str, Any]:
    query = SearchQuery.model_validate(app.current_event.query_string_parameters or {})
    get_item()
    return {"items": [], "specialty": query.specialty, "language": query.language}


@observed
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
