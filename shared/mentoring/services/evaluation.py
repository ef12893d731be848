"""Evaluation: the mentee's reflection once a match ends; mentors see only anonymous totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mentoring.clock import Clock
from mentoring.config import FEEDBACK_MINIMUM
from mentoring.domain.models import EvaluationCreate, EvaluationView, MentorFeedback
from mentoring.domain.principal import Principal
from mentoring.domain.records import EvaluationRecord, MatchStatus
from mentoring.errors import Forbidden, MatchNotEnded, NotFound
from mentoring.observability import logger, metrics
from mentoring.services.matches import visible_match
from mentoring.services.ports import Evaluations, MatchReader, ProfileReader


@dataclass(frozen=True, kw_only=True)
class EvaluationService:
    evaluations: Evaluations
    matches: MatchReader
    profiles: ProfileReader
    clock: Clock

    def submit(self, caller: Principal, match_id: str, body: EvaluationCreate) -> EvaluationView:
        match = visible_match(self.matches, caller, match_id)
        if caller.user_id != match.mentee_id:
            raise Forbidden("Only the mentee evaluates a match.")
        if match.status is not MatchStatus.ENDED:
            raise MatchNotEnded()
        record = EvaluationRecord(
            match_id=match_id,
            mentee_id=match.mentee_id,
            mentor_id=match.mentor_id,
            submitted_at=self.clock.now(),
            **body.model_dump(),
        )
        self.evaluations.add(match, record)
        logger.info("Evaluation submitted", match_id=match_id)
        metrics.add_metric(name="EvaluationSubmitted", unit="Count", value=1)
        return EvaluationView.of(record)

    def get(self, caller: Principal, match_id: str) -> EvaluationView:
        match = visible_match(self.matches, caller, match_id)
        if caller.user_id == match.mentor_id and not caller.is_admin:
            raise Forbidden("Mentors see only the totals of their feedback.")
        record = self.evaluations.of_match(match_id)
        if record is None:
            raise NotFound("This match has not been evaluated yet.")
        return EvaluationView.of(record)

    def feedback(self, caller: Principal) -> MentorFeedback:
        if self.profiles.mentor(caller.user_id) is None:
            raise Forbidden("Feedback is for mentors.")
        return feedback_from(self.evaluations.of_mentor(caller.user_id))


def feedback_from(evaluations: Sequence[EvaluationRecord]) -> MentorFeedback:
    """A mentor's anonymous totals: nothing until enough evaluations hide who gave which."""
    count = len(evaluations)
    if count < FEEDBACK_MINIMUM:
        return MentorFeedback(
            evaluations=count,
            overall_rating_average=None,
            mentor_support_rating_average=None,
            would_recommend_percent=None,
            helped_with=None,
        )
    helped: dict[str, int] = {}
    for evaluation in evaluations:
        for area in evaluation.helped_with:
            helped[area.value] = helped.get(area.value, 0) + 1
    return MentorFeedback(
        evaluations=count,
        overall_rating_average=round(sum(e.overall_rating for e in evaluations) / count, 2),
        mentor_support_rating_average=round(
            sum(e.mentor_support_rating for e in evaluations) / count, 2
        ),
        would_recommend_percent=round(100 * sum(e.would_recommend for e in evaluations) / count, 1),
        helped_with=dict(sorted(helped.items())),
    )
