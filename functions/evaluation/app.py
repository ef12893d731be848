"""Evaluation: the mentee's evaluation, mentors' anonymous feedback, the scheme report."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation
from mentoring.api.resolver import created, lambda_handler_for, make_resolver
from mentoring.config import FEEDBACK_MINIMUM, SUPPRESS_BELOW, EvaluationConfig
from mentoring.domain.models import EvaluationCreate, EvaluationView, MentorFeedback
from mentoring.errors import EvaluationExists, Forbidden, MatchNotEnded, NotFound
from mentoring.services.reports import SchemeReport
from mentoring.wiring import Services
from mentoring.wording import in_words

CONFIG = EvaluationConfig.from_environment()
services = Services(CONFIG)
app = make_resolver(CONFIG.allowed_origins)

MatchId = Annotated[str, Path(max_length=64)]


@app.post(
    "/matches/<match_id>/evaluation",
    **operation(
        "submitEvaluation",
        "Evaluate your peer mentoring (the mentee, once the match has ended)",
        Area.EVALUATION,
        status=201,
        success="Your evaluation, as stored",
        errors=[Forbidden, NotFound, MatchNotEnded, EvaluationExists],
    ),
)
def submit_evaluation(
    match_id: MatchId, body: Annotated[EvaluationCreate, Body()]
) -> Response[EvaluationView]:
    return created(services.evaluations.submit(current_principal(app), match_id, body))


@app.get(
    "/matches/<match_id>/evaluation",
    **operation(
        "getEvaluation",
        "A match's evaluation (the mentee and administrators; never the mentor)",
        Area.EVALUATION,
        success="The evaluation",
        errors=[Forbidden, NotFound],
    ),
)
def get_evaluation(match_id: MatchId) -> EvaluationView:
    return services.evaluations.get(current_principal(app), match_id)


@app.get(
    "/me/mentor/feedback",
    **operation(
        "getMyMentorFeedback",
        "Your anonymous feedback as a mentor",
        Area.EVALUATION,
        success="Totals of your evaluations; scores stay null until at least "
        f"{in_words(FEEDBACK_MINIMUM)} exist",
        errors=[Forbidden],
        validated=False,
    ),
)
def my_feedback() -> MentorFeedback:
    return services.evaluations.feedback(current_principal(app))


@app.get(
    "/admin/reports/summary",
    **operation(
        "getSchemeReport",
        f'The scheme report (counts from 1 to {SUPPRESS_BELOW - 1} shown as "<{SUPPRESS_BELOW}")',
        Area.ADMINISTRATION,
        success="Counts and averages, small numbers suppressed",
        errors=[Forbidden],
        validated=False,
    ),
)
def scheme_report() -> SchemeReport:
    return services.reports.summary(current_principal(app))


lambda_handler = lambda_handler_for(app)
