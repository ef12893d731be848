"""Who may see a match: its two parties and administrators; to anyone else it does not exist."""

from __future__ import annotations

from mentoring.auth import Principal
from mentoring.errors import NotFound
from mentoring.matching_repository import MatchingRepository
from mentoring.records import MatchRecord


def visible_match(repository: MatchingRepository, caller: Principal, match_id: str) -> MatchRecord:
    match = repository.get_match(match_id)
    if match is None or not (match.is_party(caller.user_id) or caller.is_admin):
        raise NotFound("No such match.")
    return match
