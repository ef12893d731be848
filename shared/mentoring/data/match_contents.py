"""A match's whole partition in one query: the match, its sessions, meetings and evaluation all
live under PK = MATCH#<id>, so export and erasure read them together (one call per match).

Access patterns (keys in mentoring.data.keys):

| pattern                 | where | key condition    |
|-------------------------|-------|------------------|
| everything of one match | table | PK = MATCH#<id>  |

Each kind is still written only by its own store (sessions, meetings, evaluations).
"""

from __future__ import annotations

from typing import Any

from mentoring.data.dynamo import plain
from mentoring.data.keys import EVALUATION, MEETING_PREFIX, SESSION_PREFIX, match_key
from mentoring.data.table import Query, Table
from mentoring.domain.records import EvaluationRecord, MatchContents, MeetingRecord


class MatchContentsStore:
    def __init__(self, table: Table):
        self._table = table

    def contents(self, match_id: str) -> MatchContents:
        sessions: list[dict[str, Any]] = []
        meetings: list[MeetingRecord] = []
        evaluation = None
        for item in self._table.items(Query(match_key(match_id)[0])):
            sort_key = str(item["SK"])
            if sort_key.startswith(SESSION_PREFIX):
                sessions.append(plain(item))
            elif sort_key.startswith(MEETING_PREFIX):
                meetings.append(MeetingRecord.model_validate(item))
            elif sort_key == EVALUATION:
                evaluation = EvaluationRecord.model_validate(item)
        sessions.sort(key=lambda session: int(session["session_number"]))
        return MatchContents(sessions, meetings, evaluation)
