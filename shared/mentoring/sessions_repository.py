"""Activity logs and evaluations, stored beside their match.

| pattern                               | index | key condition                                 |
|---------------------------------------|-------|-----------------------------------------------|
| a match's sessions                    | table | PK = MATCH#<id>, SK begins_with SESSION#       |
| a match's evaluation                  | table | PK = MATCH#<id>, SK = EVALUATION               |
| a mentor's evaluations (feedback)     | GSI2  | GSI2PK = MENTOR_EVALUATIONS#<user_id>          |
| sessions by mode (report counts)      | GSI3  | GSI3PK = SESSIONS#<mode>                       |
| every evaluation (report averages)    | GSI3  | GSI3PK = EVALUATIONS                           |

Invariants: at most four sessions per match (the match's `sessions_used` is compared and
set in the same transaction that writes the session; the fourth also ends the match); one
evaluation per match, only once it has ended.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentoring.dynamo_table import ConditionFailed, Source, TransactionFailed, stored, stored_time
from mentoring.errors import EvaluationExists, MatchNotEnded, NotFound, ServiceUnavailable
from mentoring.matching_repository import MATCH_SK, MatchingRepository, ended_sort_key, match_pk
from mentoring.models import Page
from mentoring.observability import logger
from mentoring.pagination import PageRequest
from mentoring.records import (
    EndReason,
    EvaluationRecord,
    MatchRecord,
    MatchStatus,
    SessionRecord,
)

EVALUATION_SK = "EVALUATION"


def session_sk(number: int) -> str:
    return f"SESSION#{number}"


class SessionConflict(Exception):
    """The match changed between reading it and logging the session: read it again."""


class SessionsRepository(MatchingRepository):
    def log_session(self, match: MatchRecord, session: SessionRecord) -> None:
        """Write session n+1 if the match still has n sessions and is active.

        The last allowed session ends the match in the same transaction: the mentor's place
        is freed and the mentee may ask for another mentor.
        """
        now = stored_time(session.logged_at)
        completes = session.session_number >= match.sessions_limit
        sets = "sessions_used = :number, last_session_at = :now"
        values: dict[str, Any] = {
            ":number": session.session_number,
            ":used": match.sessions_used,
            ":active": MatchStatus.ACTIVE.value,
            ":now": now,
        }
        if completes:
            sets += (
                ", #status = :ended, ended_at = :now, end_reason = :reason, "
                "GSI3PK = :ended_pk, GSI3SK = :ended_sk"
            )
            values |= {
                ":ended": MatchStatus.ENDED.value,
                ":reason": EndReason.SESSIONS_COMPLETE.value,
                ":ended_pk": f"MATCHES#{MatchStatus.ENDED.value}",
                ":ended_sk": ended_sort_key(match.match_id, session.logged_at),
            }
        operations = [
            self.update_operation(
                match_pk(match.match_id),
                MATCH_SK,
                f"SET {sets}",
                values,
                "#status = :active AND sessions_used = :used",
                {"#status": "status"},
            ),
            self.put_operation(
                {
                    "PK": match_pk(match.match_id),
                    "SK": session_sk(session.session_number),
                    "entity": "session",
                    "GSI3PK": f"SESSIONS#{session.mode.value}",
                    "GSI3SK": f"{session.held_on}#{match.match_id}#{session.session_number}",
                }
                | stored(session)
            ),
        ]
        if completes:
            operations += self.release_places_operations(match)
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            if 0 in failure.failed or 1 in failure.failed:
                raise SessionConflict() from None
            logger.error("Completing a match found the profiles out of step")
            raise ServiceUnavailable() from None

    def sessions(self, match_id: str, page: PageRequest) -> Page[SessionRecord]:
        return self.page(
            SessionRecord,
            scope=f"sessions:{match_id}",
            sources=[
                Source(
                    "sessions",
                    "",
                    "PK",
                    match_pk(match_id),
                    condition="begins_with(SK, :prefix)",
                    values={":prefix": "SESSION#"},
                )
            ],
            page=page,
        )

    def set_mentee_notes(
        self, match_id: str, number: int, notes: str, now: datetime
    ) -> SessionRecord:
        try:
            item = self.update(
                match_pk(match_id),
                session_sk(number),
                "SET mentee_notes = :notes, notes_updated_at = :now",
                {":notes": notes, ":now": stored_time(now)},
                "attribute_exists(PK)",
            )
        except ConditionFailed:
            raise NotFound("No such session.") from None
        return SessionRecord.model_validate(item)

    # ---- evaluations -------------------------------------------------------------------

    def add_evaluation(self, match: MatchRecord, evaluation: EvaluationRecord) -> None:
        submitted = stored_time(evaluation.submitted_at)
        operations = [
            self.update_operation(
                match_pk(match.match_id),
                MATCH_SK,
                "SET evaluated = :yes",
                {":yes": True, ":ended": MatchStatus.ENDED.value},
                "#status = :ended AND (attribute_not_exists(evaluated) OR evaluated <> :yes)",
                {"#status": "status"},
            ),
            self.put_operation(
                {
                    "PK": match_pk(match.match_id),
                    "SK": EVALUATION_SK,
                    "entity": "evaluation",
                    "GSI2PK": f"MENTOR_EVALUATIONS#{match.mentor_id}",
                    "GSI2SK": f"{submitted}#{match.match_id}",
                    "GSI3PK": "EVALUATIONS",
                    "GSI3SK": f"{submitted}#{match.match_id}",
                }
                | stored(evaluation)
            ),
        ]
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            old = failure.failed.get(0)
            if 0 in failure.failed and old is not None and old.get("status") != "ended":
                raise MatchNotEnded() from None
            raise EvaluationExists() from None

    def get_evaluation(self, match_id: str) -> EvaluationRecord | None:
        item = self.get(match_pk(match_id), EVALUATION_SK)
        return EvaluationRecord.model_validate(item) if item else None

    def evaluations_of_mentor(self, mentor_id: str) -> list[EvaluationRecord]:
        return [
            EvaluationRecord.model_validate(item)
            for item in self.query_all(
                "GSI2PK = :pk", {":pk": f"MENTOR_EVALUATIONS#{mentor_id}"}, index="GSI2"
            )
        ]
