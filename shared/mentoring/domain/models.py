"""API models: request bodies (unknown fields rejected) and the views each caller may see."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
)

from mentoring.config import MEETING_HORIZON_DAYS
from mentoring.domain.fields import (
    LINES,
    ONE_LINE,
    Bio,
    Capacity,
    CodeOfPracticeVersion,
    ConcernText,
    CountryCode,
    Languages,
    Name,
    Profession,
    RegionId,
    RegistrationNumber,
    ShortText,
    UtcTimestamp,
    lines,
    one_line,
)
from mentoring.domain.records import (
    ConcernCategory,
    ConcernRecord,
    ConcernStatus,
    EndReason,
    EvaluationRecord,
    HelpArea,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MeetingRecord,
    MeetingStatus,
    MenteeRecord,
    MenteeStatus,
    MentorRecord,
    MentorStatus,
    RequestStatus,
    SessionMode,
    SessionRecord,
    WaitingEntryRecord,
    WaitingStatus,
)
from mentoring.domain.standing import Standing


class ResponseModel(BaseModel):
    """What the API answers. Built when first used (`defer_build`), not at import: a function
    uses few of the scheme's models, and building them all is a cold start's cost."""

    model_config = ConfigDict(defer_build=True)


class RequestModel(BaseModel):
    """A request body: unknown fields are a 422, so a client can never set status or ids."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class PatchModel(RequestModel):
    """A partial update: an omitted field is left alone, an explicit null only where allowed."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _reject_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable_fields:
            raise ValueError("may not be null")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


# ---- registration -----------------------------------------------------------------------


class ProfileFields(RequestModel):
    name: Name
    profession: Profession
    grade: ShortText
    specialty: ShortText
    placement_site: ShortText
    region: RegionId = Field(description="NHS region id, e.g. yorkshire_and_humber")
    in_postgraduate_training: StrictBool
    pmq_country: CountryCode = Field(description="Country of primary medical/dental qualification")
    registration_number: RegistrationNumber = Field(description="GMC or GDC number")
    languages: Languages
    bio: Bio | None = None
    code_of_practice_version: CodeOfPracticeVersion


class MenteeRegistration(ProfileFields):
    pass


class MentorApplication(ProfileFields):
    country_of_origin: CountryCode
    capacity: Capacity = 2
    training_completed_on: date = Field(description="Date peer-mentoring training was completed")


class MenteeUpdate(PatchModel):
    nullable_fields = frozenset({"bio"})

    name: Name | None = None
    grade: ShortText | None = None
    specialty: ShortText | None = None
    placement_site: ShortText | None = None
    languages: Languages | None = None
    bio: Bio | None = None


class MentorUpdate(MenteeUpdate):
    country_of_origin: CountryCode | None = None
    capacity: Capacity | None = None
    accepting_requests: StrictBool | None = None


class SchemeInfo(ResponseModel):
    code_of_practice_version: str
    code_of_practice_url: str
    sessions_limit: int
    response_working_days: int
    eligible_region: str


class _ProfileView(ResponseModel):
    user_id: str
    email: str | None
    name: str
    profession: Profession
    grade: str
    specialty: str
    placement_site: str
    region: str
    in_postgraduate_training: bool
    pmq_country: str
    registration_number: str
    languages: list[str]
    bio: str | None
    code_of_practice_version: str
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class MenteeProfile(_ProfileView):
    status: MenteeStatus
    pending_request_id: str | None = None
    active_match_id: str | None = None

    @classmethod
    def of(cls, record: MenteeRecord) -> MenteeProfile:
        return cls.model_validate(record.model_dump())


class MentorProfile(_ProfileView):
    """The full mentor profile: for the mentor themself and administrators."""

    mentor_id: str
    country_of_origin: str
    capacity: int
    training_completed_on: date
    accepting_requests: bool
    status: MentorStatus
    active_matches: int
    available: bool
    standing: Standing
    approved_at: UtcTimestamp | None
    suspended_at: UtcTimestamp | None
    declined_at: UtcTimestamp | None = None

    @classmethod
    def of(cls, record: MentorRecord) -> MentorProfile:
        return cls.model_validate(
            {**record.model_dump(), "mentor_id": record.user_id, "available": record.available}
        )


class Me(ResponseModel):
    user_id: str
    email: str | None
    is_admin: bool
    mentee: MenteeProfile | None
    mentor: MentorProfile | None


# ---- directory --------------------------------------------------------------------------


class PublicMentor(ResponseModel):
    """What any signed-in user may see of a mentor: never email, registration number or mentees."""

    mentor_id: str
    name: str
    profession: Profession
    grade: str
    specialty: str
    placement_site: str
    country_of_origin: str
    languages: list[str]
    bio: str | None
    available: bool

    @classmethod
    def of(cls, record: MentorRecord) -> PublicMentor:
        return cls(
            mentor_id=record.user_id,
            name=record.name,
            profession=record.profession,
            grade=record.grade,
            specialty=record.specialty,
            placement_site=record.placement_site,
            country_of_origin=record.country_of_origin,
            languages=record.languages,
            bio=record.bio,
            available=record.available,
        )


# ---- matching ---------------------------------------------------------------------------

Message = Annotated[str, lines(1000), LINES]
REASON_MAX_LENGTH = 500
Reason = Annotated[str, one_line(REASON_MAX_LENGTH, min_length=0), ONE_LINE]


class MatchRequestCreate(RequestModel):
    mentor_id: Annotated[str, one_line(128), ONE_LINE]
    message: Message = ""


class DeclineBody(RequestModel):
    reason: Reason | None = None


class ApplicationDecline(RequestModel):
    """Why an application was not selected (optional): told to the applicant."""

    reason: Annotated[str, one_line(500), ONE_LINE] | None = None


class MatchRequestView(ResponseModel):
    request_id: str
    mentee_id: str
    mentor_id: str
    mentee_name: str
    mentor_name: str
    status: RequestStatus
    message: str | None = Field(description="Shown to the two parties only")
    created_at: UtcTimestamp
    respond_by: UtcTimestamp
    decided_at: UtcTimestamp | None
    decline_reason: str | None
    match_id: str | None

    @classmethod
    def of(cls, record: MatchRequestRecord, *, show_message: bool = True) -> MatchRequestView:
        data = record.model_dump()
        if not show_message:
            data["message"] = None
        return cls.model_validate(data)


# ---- concerns ----------------------------------------------------------------------------


class ConcernCreate(RequestModel):
    category: ConcernCategory
    description: ConcernText
    about_match_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class ConcernResponse(RequestModel):
    response: ConcernText
    status: Literal[ConcernStatus.IN_PROGRESS, ConcernStatus.CLOSED]


class ConcernView(ResponseModel):
    """A concern as its raiser sees it."""

    concern_id: str
    category: ConcernCategory
    description: str
    about_match_id: str | None
    status: ConcernStatus
    created_at: UtcTimestamp
    response: str | None
    responded_at: UtcTimestamp | None

    @classmethod
    def of(cls, record: ConcernRecord) -> ConcernView:
        return cls.model_validate(record.model_dump())


class AdminConcernView(ConcernView):
    """A concern as the administrator sees it: who raised it too."""

    raiser_id: str
    raiser_name: str

    @classmethod
    def of(cls, record: ConcernRecord) -> AdminConcernView:
        return cls.model_validate(record.model_dump())


# ---- waiting lists -----------------------------------------------------------------------


class WaitingEntryView(ResponseModel):
    """A mentee's place on one mentor's waiting list."""

    mentor_id: str
    mentor_name: str
    position: int = Field(
        description="1 is next: mentees still waiting who joined earlier, plus one"
    )
    status: WaitingStatus
    joined_at: UtcTimestamp
    offer_expires_at: UtcTimestamp | None = Field(
        description="While offered: the place is held for you until then; send a request"
    )

    @classmethod
    def of(cls, record: WaitingEntryRecord, position: int) -> WaitingEntryView:
        return cls.model_validate(record.model_dump() | {"position": position})


class WaitingLineEntry(ResponseModel):
    """One mentee in a mentor's waiting list, as the administrator sees it."""

    mentee_id: str
    mentee_name: str
    joined_at: UtcTimestamp
    status: WaitingStatus
    offer_expires_at: UtcTimestamp | None

    @classmethod
    def of(cls, record: WaitingEntryRecord) -> WaitingLineEntry:
        return cls.model_validate(record.model_dump())


class Counterpart(ResponseModel):
    """The other party of a match, so the two can arrange to meet."""

    user_id: str
    name: str
    email: str | None  # None once they have erased their account


class MatchView(ResponseModel):
    match_id: str
    request_id: str
    mentee_id: str
    mentor_id: str
    mentee_name: str
    mentor_name: str
    status: MatchStatus
    sessions_used: int
    sessions_limit: int
    started_at: UtcTimestamp
    ended_at: UtcTimestamp | None
    end_reason: EndReason | None
    counterpart: Counterpart | None = Field(
        description="The other party's contact details, for the two parties only "
        "(null for an administrator)"
    )

    @classmethod
    def of(cls, record: MatchRecord, viewer: str) -> MatchView:
        """The match as `viewer` (a user id) may see it."""
        counterpart = None
        if viewer == record.mentee_id:
            counterpart = Counterpart(
                user_id=record.mentor_id, name=record.mentor_name, email=record.mentor_email
            )
        elif viewer == record.mentor_id:
            counterpart = Counterpart(
                user_id=record.mentee_id, name=record.mentee_name, email=record.mentee_email
            )
        return cls.model_validate(record.model_dump() | {"counterpart": counterpart})


# ---- sessions -----------------------------------------------------------------------------

Topic = Annotated[str, one_line(80), ONE_LINE]


class SessionCreate(RequestModel):
    held_on: date
    mode: SessionMode
    duration_minutes: Annotated[int, Field(strict=True, ge=5, le=240)]
    topics: Annotated[list[Topic], Field(max_length=10)] = []
    summary: Annotated[str, lines(5000, min_length=1), LINES]
    actions: Annotated[str, lines(2000), LINES] = ""


class MenteeNotes(RequestModel):
    mentee_notes: Annotated[str, lines(2000), LINES]


class SessionMetadata(ResponseModel):
    """What an administrator may see of a session: never its summary, actions or notes."""

    session_number: int
    held_on: date
    mode: SessionMode
    duration_minutes: int

    @classmethod
    def of(cls, record: SessionRecord) -> SessionMetadata:
        return cls(
            session_number=record.session_number,
            held_on=record.held_on,
            mode=record.mode,
            duration_minutes=record.duration_minutes,
        )


class SessionView(SessionMetadata):
    """The whole activity log, for the match's two parties."""

    topics: list[str]
    summary: str
    actions: str
    mentee_notes: str | None
    logged_at: UtcTimestamp

    @classmethod
    def of(cls, record: SessionRecord) -> SessionView:
        return cls.model_validate(record.model_dump())


# ---- meetings -----------------------------------------------------------------------------


def _https_link(value: str) -> str:
    parsed = urlsplit(value)
    if parsed.scheme != "https" or not parsed.netloc or " " in value:
        raise ValueError("must be an https:// link, such as https://meet.example.org/abc")
    return value


HttpsLink = Annotated[str, one_line(500), ONE_LINE, AfterValidator(_https_link)]
VideoLink = HttpsLink


class MeetingCreate(RequestModel):
    starts_at: AwareDatetime = Field(
        description="When it starts (with a time zone; answered in UTC): in the future, at "
        f"most {MEETING_HORIZON_DAYS} days ahead"
    )
    duration_minutes: Annotated[int, Field(strict=True, ge=15, le=240)]
    mode: SessionMode
    location: Annotated[str, one_line(200), ONE_LINE] | None = Field(
        default=None, description="Where, face to face (required then)"
    )
    video_link: VideoLink | None = Field(
        default=None, description="The https:// link, virtually (required then)"
    )
    note: Annotated[str, lines(500), LINES] | None = Field(
        default=None, description="A few words to the other party"
    )


class MeetingMetadata(ResponseModel):
    """What an administrator may see of a meeting: when, how long, how, and its status."""

    meeting_id: str
    starts_at: UtcTimestamp
    duration_minutes: int
    mode: SessionMode
    status: MeetingStatus

    @classmethod
    def of(cls, record: MeetingRecord) -> MeetingMetadata:
        return cls.model_validate(record.model_dump(include=set(cls.model_fields)))


class MeetingView(MeetingMetadata):
    """The whole meeting, for the match's two parties."""

    match_id: str
    proposed_by: str
    location: str | None
    video_link: str | None
    note: str | None
    created_at: UtcTimestamp

    @classmethod
    def of(cls, record: MeetingRecord) -> MeetingView:
        return cls.model_validate(record.model_dump(include=set(cls.model_fields)))


# ---- evaluation ---------------------------------------------------------------------------

Rating = Annotated[int, Field(strict=True, ge=1, le=5)]


class EvaluationCreate(RequestModel):
    overall_rating: Rating
    mentor_support_rating: Rating
    would_recommend: StrictBool
    helped_with: Annotated[list[HelpArea], Field(max_length=10)] = []
    comments: Annotated[str, lines(2000), LINES] = ""

    @field_validator("helped_with")
    @classmethod
    def _unique(cls, areas: list[HelpArea]) -> list[HelpArea]:
        return list(dict.fromkeys(areas))


class EvaluationView(ResponseModel):
    match_id: str
    overall_rating: int
    mentor_support_rating: int
    would_recommend: bool
    helped_with: list[HelpArea]
    comments: str
    submitted_at: UtcTimestamp

    @classmethod
    def of(cls, record: EvaluationRecord) -> EvaluationView:
        return cls.model_validate(record.model_dump())


class MentorFeedback(ResponseModel):
    """Totals of a mentor's evaluations; no score until enough exist that no mentee can be told
    apart."""

    evaluations: int
    overall_rating_average: float | None
    mentor_support_rating_average: float | None
    would_recommend_percent: float | None
    helped_with: dict[str, int] | None
