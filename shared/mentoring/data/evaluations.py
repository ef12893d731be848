"""Evaluations: the mentee's one evaluation of a match that has ended.

Access patterns (keys in mentoring.data.keys):

| pattern                            | where | key condition                             |
|------------------------------------|-------|-------------------------------------------|
| a match's evaluation               | table | PK = MATCH#<id>, SK = EVALUATION          |
| a mentor's evaluations (feedback)  | GSI2  | GSI2PK = MENTOR_EVALUATIONS#<user>        |

Invariant: one evaluation per match, only once it has ended (the match's `evaluated` flag is
set in the same transaction).
"""

from __future__ import annotations

from mentoring.data.keys import (
    AS_MENTOR,
    AS_THEMSELVES_OR_MENTEE,
    FOLLOW_UP,
    about_both,
    evaluation_key,
    match_key,
    mentor_evaluations,
    stored_time,
    timed_key,
)
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed, Update
from mentoring.data.totals import count_ops
from mentoring.domain import totals
from mentoring.domain.records import EvaluationRecord, MatchRecord, MatchStatus
from mentoring.errors import EvaluationExists, MatchNotEnded


class EvaluationStore:
    def __init__(self, table: Table):
        self._table = table

    def add(self, match: MatchRecord, evaluation: EvaluationRecord) -> None:
        submitted = stored_time(evaluation.submitted_at)
        pk, sk = evaluation_key(match.match_id)
        item = {
            "PK": pk,
            "SK": sk,
            "entity": "evaluation",
            "GSI2PK": mentor_evaluations(match.mentor_id),
            "GSI2SK": timed_key(submitted, match.match_id),
            **about_both(match.mentee_id, match.mentor_id, (pk, sk)),
        } | evaluation.model_dump(mode="json")
        ended_once = Update(
            set={"evaluated": True},
            remove=FOLLOW_UP,  # no reminder is due any more
            condition="#status = :ended "
            "AND (attribute_not_exists(#evaluated) OR #evaluated <> :yes)",
            values={":ended": MatchStatus.ENDED.value, ":yes": True},
        )
        try:
            self._table.transact(
                {
                    "match": self._table.update_op(match_key(match.match_id), ended_once),
                    "evaluation": self._table.put_op(item),
                }
                | count_ops(self._table, totals.evaluation_submitted(evaluation))
            )
        except TransactionFailed as failure:
            old = failure.failed.get("match")
            if "match" in failure.failed and old is not None and old.get("status") != "ended":
                raise MatchNotEnded() from None
            raise EvaluationExists() from None

    def of_match(self, match_id: str) -> EvaluationRecord | None:
        item = self._table.get(evaluation_key(match_id))
        return EvaluationRecord.model_validate(item) if item else None

    def of_mentor(self, mentor_id: str) -> list[EvaluationRecord]:
        query = Query(mentor_evaluations(mentor_id), index="GSI2")
        return [EvaluationRecord.model_validate(item) for item in self._table.items(query)]

    def anonymise(self, match_id: str, as_mentee: bool) -> None:
        """Scores stay, anonymous; the mentee's words and ids go (and the mentor's index)."""
        if as_mentee:
            update = Update(set={"comments": ""}, remove=("mentee_id", *AS_THEMSELVES_OR_MENTEE))
        else:
            update = Update(remove=("mentor_id", "GSI2PK", "GSI2SK", *AS_MENTOR))
        try:
            self._table.update(evaluation_key(match_id), update)
        except ConditionFailed:
            return  # no evaluation was given: nothing to remove
