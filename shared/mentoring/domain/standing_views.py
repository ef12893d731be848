"""What the API takes and answers about standing: a person's own, the Code of Practice,
training and supervision records (mentoring.domain.standing holds the rules)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from mentoring.domain.fields import ONE_LINE, UtcTimestamp, lines, one_line
from mentoring.domain.models import HttpsLink, RequestModel, ResponseModel
from mentoring.domain.records import CodeOfPracticeRecord, SupervisionRecord, TrainingRecord
from mentoring.domain.standing import ReasonCode, Standing

Version = Annotated[str, one_line(20), ONE_LINE]
UserId = Annotated[str, Field(min_length=1, max_length=128)]


class ReasonView(ResponseModel):
    code: ReasonCode
    message: str
    by: date


class CodeOfPracticeStanding(ResponseModel):
    agreed_version: str
    current_version: str
    agree_by: date | None = Field(description="While the current version is not agreed")


class TrainingStanding(ResponseModel):
    completed_on: date
    valid_until: date | None


class SupervisionStanding(ResponseModel):
    last_attended_on: date | None
    due_by: date | None


class StandingView(ResponseModel):
    standing: Standing
    reasons: list[ReasonView]
    code_of_practice: CodeOfPracticeStanding
    training: TrainingStanding | None = Field(description="Mentors only")
    supervision: SupervisionStanding | None = Field(description="Mentors only")


class CodeAgreement(RequestModel):
    version: Version


class CodePublication(RequestModel):
    version: Version
    url: HttpsLink
    summary: Annotated[str, lines(500)] = ""


class CodeOfPracticeView(ResponseModel):
    version: str
    url: str
    summary: str
    published_at: UtcTimestamp
    agree_by: date

    @classmethod
    def of(cls, record: CodeOfPracticeRecord) -> CodeOfPracticeView:
        return cls.model_validate(record.model_dump())


class TrainingCreate(RequestModel):
    course: Literal["peer_mentoring", "refresher", "other"]
    completed_on: date = Field(description="Not in the future")


class TrainingView(ResponseModel):
    training_id: str
    mentor_id: str
    course: str
    completed_on: date
    recorded_at: UtcTimestamp

    @classmethod
    def of(cls, record: TrainingRecord) -> TrainingView:
        return cls.model_validate(record.model_dump())


class SupervisionCreate(RequestModel):
    held_on: date = Field(description="Not in the future")
    attendees: Annotated[list[UserId], Field(min_length=1, max_length=50)]


class SupervisionView(ResponseModel):
    supervision_id: str
    held_on: date
    attendees: list[str]

    @classmethod
    def of(cls, record: SupervisionRecord) -> SupervisionView:
        return cls.model_validate(record.model_dump())
