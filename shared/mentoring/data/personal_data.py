"""Everything stored about one person, in two queries: the items they are party to carry their
USER#<user> key on GSI5 (their own, and as a mentee) and on GSI6 (as a mentor), so a copy of
their data (UK GDPR) reads their two partitions there, however many matches they had.

Access patterns (keys in mentoring.data.keys):

| pattern                                  | where | key condition       |
|------------------------------------------|-------|---------------------|
| a person's own items and as a mentee     | GSI5  | GSI5PK = USER#<id>  |
| a person's items as a mentor             | GSI6  | GSI6PK = USER#<id>  |

Indexes are eventually consistent: something written a moment before may not be in the copy
yet (erasure, which must miss nothing, reads the table itself).
"""

from __future__ import annotations

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    CONCERN,
    EVALUATION,
    MATCH,
    MEETING_PREFIX,
    MENTEE,
    MENTOR,
    REQUEST,
    REQUESTS_ON_PREFIX,
    SESSION_PREFIX,
    SUPERVISED_PREFIX,
    TRAINING_PREFIX,
    WAITING_PREFIX,
    user_pk,
)
from mentoring.data.table import Query, Table
from mentoring.domain.records import (
    ConcernRecord,
    EvaluationRecord,
    MatchRecord,
    MatchRequestRecord,
    MeetingRecord,
    MenteeRecord,
    MentorRecord,
    PersonalData,
    SessionRecord,
    SupervisionRecord,
    TrainingRecord,
    WaitingEntryRecord,
)


class PersonalDataStore:
    def __init__(self, table: Table):
        self._table = table

    def everything_about(self, user_id: str) -> PersonalData:
        own = list(self._table.items(Query(user_pk(user_id), index="GSI5")))
        as_mentor = list(self._table.items(Query(user_pk(user_id), index="GSI6")))
        everything = own + as_mentor
        profiles = {_sort_key(item): item for item in own if _sort_key(item) in (MENTEE, MENTOR)}
        matches = sorted(
            (item for item in everything if _sort_key(item) == MATCH),
            key=lambda item: (item["started_at"], item["match_id"]),
        )
        requests = sorted(
            (item for item in everything if _sort_key(item) == REQUEST),
            key=lambda item: (item["created_at"], item["request_id"]),
        )
        match_order = {item["match_id"]: n for n, item in enumerate(matches)}
        sessions = sorted(
            (item for item in everything if _sort_key(item).startswith(SESSION_PREFIX)),
            key=lambda item: (match_order.get(item["match_id"], -1), int(item["session_number"])),
        )
        meetings = sorted(
            (item for item in everything if _sort_key(item).startswith(MEETING_PREFIX)),
            key=lambda item: (match_order.get(item["match_id"], -1), item["meeting_id"]),
        )
        mentee, mentor = profiles.get(MENTEE), profiles.get(MENTOR)
        return PersonalData(
            mentee=MenteeRecord.model_validate(mentee) if mentee else None,
            mentor=MentorRecord.model_validate(mentor) if mentor else None,
            daily_request_counts=[
                (_sort_key(item).removeprefix(REQUESTS_ON_PREFIX), int(item["request_count"]))
                for item in own
                if _sort_key(item).startswith(REQUESTS_ON_PREFIX)
            ],
            requests=[MatchRequestRecord.model_validate(item) for item in requests],
            matches=[MatchRecord.model_validate(item) for item in matches],
            sessions=[SessionRecord.model_validate(item) for item in sessions],
            meetings=[MeetingRecord.model_validate(item) for item in meetings],
            evaluations_given=[
                EvaluationRecord.model_validate(item)
                for item in own
                if _sort_key(item) == EVALUATION
            ],
            evaluations_received=[
                EvaluationRecord.model_validate(item)
                for item in as_mentor
                if _sort_key(item) == EVALUATION
            ],
            waiting_lists=sorted(
                (
                    WaitingEntryRecord.model_validate(item)
                    for item in own
                    if _sort_key(item).startswith(WAITING_PREFIX)
                ),
                key=lambda entry: entry.joined_at,
            ),
            concerns=sorted(
                (ConcernRecord.model_validate(i) for i in own if _sort_key(i) == CONCERN),
                key=lambda concern: (concern.created_at, concern.concern_id),
            ),
            training=[
                TrainingRecord.model_validate(item)
                for item in own
                if _sort_key(item).startswith(TRAINING_PREFIX)
            ],
            supervision=[
                SupervisionRecord.model_validate(item)
                for item in own
                if _sort_key(item).startswith(SUPERVISED_PREFIX)
            ],
        )


def _sort_key(item: Item) -> str:
    return str(item["SK"])
