"""Directory: approved mentors' public profiles, filtered and paginated."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation
from mentoring.api.params import Cursor, Limit, page_request
from mentoring.api.resolver import lambda_handler_for, make_resolver
from mentoring.config import DirectoryConfig
from mentoring.domain.fields import Profession
from mentoring.domain.models import PublicMentor
from mentoring.domain.paging import DEFAULT_LIMIT, Page
from mentoring.errors import NotFound
from mentoring.services.directory import DirectoryFilter
from mentoring.wiring import Services

CONFIG = DirectoryConfig.from_environment()
services = Services(CONFIG)
app = make_resolver(CONFIG.allowed_origins)

FilterText = Annotated[str | None, Query(max_length=120)]


@app.get(
    "/mentors",
    **operation(
        "searchMentors",
        "Browse and search approved peer mentors",
        Area.DIRECTORY,
        success="One page of mentors' public profiles, by name",
        description="Approved mentors with room for a new mentee (`include_full=true` adds "
        "full ones). Each filter is a case-insensitive exact match; `q` finds mentors whose "
        "name, specialty, site or bio contain every word.",
    ),
)
# Each of the API's documented filters is a query parameter of its own.
def search_mentors(  # noqa: PLR0913, PLR0917
    specialty: FilterText = None,
    placement_site: FilterText = None,
    country: FilterText = None,
    language: FilterText = None,
    profession: Annotated[Profession | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Free text: each word must start a word of the mentor's name, "
            "specialty, site or bio",
        ),
    ] = None,
    include_full: Annotated[bool, Query()] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[PublicMentor]:
    current_principal(app)
    wanted = DirectoryFilter(
        specialty=specialty,
        placement_site=placement_site,
        country=country,
        language=language,
        profession=profession,
        q=q,
        include_full=include_full,
    )
    return services.directory.search(wanted, page_request(limit, cursor))


@app.get(
    "/mentors/<mentor_id>",
    **operation(
        "getMentor",
        "One mentor's public profile",
        Area.DIRECTORY,
        success="The mentor's public profile",
        errors=[NotFound],
    ),
)
def get_mentor(mentor_id: Annotated[str, Path(max_length=128)]) -> PublicMentor:
    current_principal(app)
    return services.directory.get(mentor_id)


lambda_handler = lambda_handler_for(app)
