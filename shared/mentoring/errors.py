"""Domain errors. Services raise these; mentoring.api.resolver maps each to the error body."""

from __future__ import annotations

from typing import Any, ClassVar

from mentoring.wording import in_words


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    default_message: ClassVar[str] = "The request could not be processed."

    def __init__(self, message: str | None = None, details: list[dict[str, Any]] | None = None):
        self.message = message or self.default_message
        self.details = details or []
        super().__init__(self.message)


class BadRequest(DomainError):
    status, code = 400, "bad_request"
    default_message = "The request is malformed."


class PayloadTooLarge(DomainError):
    status, code = 413, "payload_too_large"
    default_message = "The request body is too large."


class Unauthenticated(DomainError):
    status, code = 401, "unauthenticated"
    default_message = "Sign in to use this service."


class Forbidden(DomainError):
    status, code = 403, "forbidden"
    default_message = "You do not have permission to do this."


class NotFound(DomainError):
    status, code = 404, "not_found"
    default_message = "Not found."


class NoSuchMentor(NotFound):
    default_message = "No such mentor."


class NoSuchMatch(NotFound):
    default_message = "No such match."


class NoSuchRequest(NotFound):
    default_message = "No such match request."


class NoSuchMeeting(NotFound):
    default_message = "No such meeting."


class NoSuchConcern(NotFound):
    default_message = "No such concern."


class NotRegistered(Forbidden):
    default_message = "Register as a mentee or mentor first."


class NotWaiting(NotFound):
    default_message = "You are not on this mentor's waiting list."


class NoSuchSession(NotFound):
    default_message = "No such session."


class NoMenteeProfile(NotFound):
    default_message = "You have no mentee profile."


class NoMentorProfile(NotFound):
    default_message = "You have no mentor profile."


class NotAMentee(Forbidden):
    default_message = "Register as a mentee before asking for a mentor."


class Conflict(DomainError):
    status, code = 409, "conflict"


class AlreadyRegistered(Conflict):
    code = "already_registered"
    default_message = "You are already registered in this role."


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = "That change is not possible from the current state."

    @classmethod
    def already(cls, thing: str, status: str) -> InvalidTransition:
        """ "This meeting is already cancelled." """
        return cls(f"This {thing} is already {status}.")


class RequestWithdrawn(InvalidTransition):
    default_message = "The mentee withdrew this request, so it needs no answer."


class ValidationFailed(DomainError):
    status, code = 422, "validation_error"
    default_message = "Some fields are not valid."

    @classmethod
    def on(cls, field: str, code: str, message: str, location: str = "body") -> ValidationFailed:
        """One field broke a rule (not its type): the same detail shape as a pydantic error."""
        return cls(
            details=[{"field": field, "location": location, "code": code, "message": message}]
        )


class Ineligible(DomainError):
    status, code = 422, "ineligible"
    default_message = "You are not eligible for the IMG Peer Mentoring scheme."


class Gone(DomainError):
    status, code = 410, "gone"
    default_message = "This link has expired."


class ServiceUnavailable(DomainError):
    """A dependency failed; the caller may retry. Never carries the dependency's own message."""

    status, code = 503, "service_unavailable"
    default_message = "The service is temporarily unavailable. Please try again shortly."


class PendingRequestExists(Conflict):
    code = "pending_request_exists"
    default_message = "You already have a match request waiting for an answer."


class AlreadyMatched(Conflict):
    code = "already_matched"
    default_message = "You already have an active match."


class MentorUnavailable(Conflict):
    code = "mentor_unavailable"
    default_message = "This mentor is not taking new mentees at the moment."


class MentorHasRoom(Conflict):
    code = "mentor_has_room"
    default_message = "This mentor has a free place: send them a match request instead."


class AlreadyWaiting(Conflict):
    code = "already_waiting"
    default_message = "You are already on this mentor's waiting list."


class WaitingListLimit(Conflict):
    code = "waiting_list_limit"

    @classmethod
    def of(cls, limit: int) -> WaitingListLimit:
        return cls(
            f"You can wait for at most {in_words(limit)} mentors at once: leave a waiting list "
            "first."
        )


class VersionExists(Conflict):
    code = "version_exists"
    default_message = "That version of the Code of Practice has already been published."


class NotCurrentVersion(Conflict):
    code = "not_current_version"
    default_message = "That is not the current version of the Code of Practice."


class CodeOfPracticeNotAgreed(Conflict):
    code = "code_of_practice_not_agreed"
    default_message = (
        "Please agree to the current Code of Practice (POST /me/code-of-practice) before "
        "asking for a mentor."
    )


class MeetingTimePassed(InvalidTransition):
    default_message = "This meeting's time has passed: propose a new one."


class MatchNotActive(Conflict):
    code = "match_not_active"
    default_message = "This match has ended."


class RequestInProgress(Conflict):
    code = "request_in_progress"
    default_message = "The same request is already being processed; try again in a moment."


class RateLimited(DomainError):
    status, code = 429, "rate_limited"
    default_message = "You have sent as many match requests as allowed today. Try again tomorrow."


class SessionLimitReached(Conflict):
    code = "session_limit_reached"
    default_message = "All the sessions this match allows are logged or planned."

    @classmethod
    def of(cls, limit: int, planned: int, logging: bool = False) -> SessionLimitReached:
        """The match's `limit` is reached by sessions logged and `planned` meetings to come
        (`logging`: refusing a session's log, which a planned meeting's place may free)."""
        message = f"This match allows {in_words(limit)} sessions, and all of them are logged"
        if not planned:
            return cls(f"{message}.")
        if not logging:
            return cls(f"{message} or planned.")
        return cls(f"{message} or planned. To log this session, cancel a planned meeting first.")


class MatchNotEnded(Conflict):
    code = "match_not_ended"
    default_message = "The evaluation opens when the match has ended."


class EvaluationExists(Conflict):
    code = "evaluation_exists"
    default_message = "You have already evaluated this match."


class BadSchedulerInput(ValueError):
    """The event that started a scheduled run is not what the schedule sends (a fault of the
    schedule's configuration, never of user data): its message is ours and safe to show."""
