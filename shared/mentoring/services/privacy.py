"""UK GDPR rights: a copy of everything stored about you, and erasure of your account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mentoring import emails
from mentoring.auth import Principal
from mentoring.clock import Clock, to_utc_text
from mentoring.errors import InvalidTransition, MatchNotActive
from mentoring.identity import Identity
from mentoring.observability import logger, metrics
from mentoring.privacy_repository import PrivacyRepository, without_keys
from mentoring.records import (
    EndReason,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    RequestStatus,
)
from mentoring.services.evaluation import EvaluationService
from mentoring.services.matching import Notifier

MENTOR_LEFT = "The mentor has left the scheme."


@dataclass
class PrivacyService:
    repository: PrivacyRepository
    notifier: Notifier
    identity: Identity
    clock: Clock

    def export(self, caller: Principal) -> dict[str, Any]:
        """One JSON document of everything stored about the caller."""
        own = self.repository.own_items(caller.user_id)
        profiles = {item["SK"]: without_keys(item) for item in own}
        requests = [without_keys(i) for i in self.repository.requests_involving(caller.user_id)]
        matches = [without_keys(i) for i in self.repository.matches_involving(caller.user_id)]
        sessions: list[dict[str, Any]] = []
        evaluations_given: list[dict[str, Any]] = []
        for match in matches:
            for child in self.repository.match_children(match["match_id"]):
                if child["SK"].startswith("SESSION#"):
                    sessions.append(without_keys(child))
                elif match["mentee_id"] == caller.user_id:
                    evaluations_given.append(without_keys(child))
        feedback = None
        if "MENTOR" in profiles:
            feedback = EvaluationService(self.repository, self.clock).feedback(caller).model_dump()
        logger.info("Data exported", user_id=caller.user_id)
        document: dict[str, Any] = _jsonable(
            {
                "exported_at": to_utc_text(self.clock.now()),
                "account": {
                    "user_id": caller.user_id,
                    "email": caller.email,
                    "groups": sorted(caller.groups),
                },
                "mentee_profile": profiles.get("MENTEE"),
                "mentor_profile": profiles.get("MENTOR"),
                "daily_request_counts": [
                    value for key, value in profiles.items() if key.startswith("REQUESTS_ON#")
                ],
                "match_requests": requests,
                "matches": matches,
                "sessions": sessions,
                "evaluations_given": evaluations_given,
                "mentor_feedback": feedback,
            }
        )
        return document

    def erase(self, caller: Principal) -> None:
        """Close what is open (telling the other party), anonymise the rest, delete the account.

        Each step can be repeated, so a failure part-way is put right by calling again; the
        sign-in account goes last (signed out everywhere first), so the caller can always call
        again. The identity's ID tokens stay valid until they expire (at most an hour), but a
        mark kept for a day stops them registering, and so acting, again.
        """
        user = caller.user_id
        now = self.clock.now()
        # First, so that the caller's tokens (valid until they expire) cannot register again,
        # even while the rest of the erasure runs.
        self.repository.mark_erased(user, now)
        # The indexes may lag a request or match made moments ago; the mentee profile does not.
        mentee = self.repository.get_mentee(user)
        request_ids = {i["request_id"] for i in self.repository.requests_involving(user)}
        match_ids = {i["match_id"] for i in self.repository.matches_involving(user)}
        if mentee is not None and mentee.pending_request_id:
            request_ids.add(mentee.pending_request_id)
        if mentee is not None and mentee.active_match_id:
            match_ids.add(mentee.active_match_id)
        requests = [r for r in map(self.repository.get_request, sorted(request_ids)) if r]
        matches = [m for m in map(self.repository.get_match, sorted(match_ids)) if m]
        for request in requests:
            if request.status is RequestStatus.PENDING:
                self._close_request(request, as_mentee=request.mentee_id == user)
        for match in matches:
            if match.status is MatchStatus.ACTIVE:
                self._end_match(match, as_mentee=match.mentee_id == user)
        for request in requests:
            self.repository.anonymise_request(request.request_id, request.mentee_id == user)
        for match in matches:
            as_mentee = match.mentee_id == user
            for child in self.repository.match_children(match.match_id):
                if child["SK"].startswith("SESSION#") and as_mentee:
                    self.repository.anonymise_session(match.match_id, child["SK"])
                elif not child["SK"].startswith("SESSION#"):
                    self.repository.anonymise_evaluation(match.match_id, as_mentee)
            self.repository.anonymise_match(match.match_id, as_mentee)
        self.repository.delete_own_items(user)
        self.identity.delete_user(user)
        logger.info("Account erased", erased_at=to_utc_text(now))
        metrics.add_metric(name="AccountErased", unit="Count", value=1)

    def _close_request(self, request: MatchRequestRecord, as_mentee: bool) -> None:
        now = self.clock.now()
        try:
            if as_mentee:
                self.repository.close_request(request, RequestStatus.WITHDRAWN, now)
            else:
                self.repository.close_request(request, RequestStatus.DECLINED, now, MENTOR_LEFT)
        except InvalidTransition:
            return  # answered meanwhile
        self._tell_other_party(
            request.mentee_id,
            request.mentor_id,
            as_mentee,
            was_match=False,
            mentee_name=request.mentee_name,
            mentor_name=request.mentor_name,
        )

    def _end_match(self, match: MatchRecord, as_mentee: bool) -> None:
        reason = EndReason.ENDED_BY_MENTEE if as_mentee else EndReason.ENDED_BY_MENTOR
        try:
            self.repository.end_match(match, reason, self.clock.now())
        except MatchNotActive:
            return
        self._tell_other_party(
            match.mentee_id,
            match.mentor_id,
            as_mentee,
            was_match=True,
            mentee_name=match.mentee_name,
            mentor_name=match.mentor_name,
        )

    def _tell_other_party(
        self,
        mentee_id: str,
        mentor_id: str,
        as_mentee: bool,
        was_match: bool,
        mentee_name: str,
        mentor_name: str,
    ) -> None:
        contact = (
            self.repository.get_mentor(mentor_id)
            if as_mentee
            else self.repository.get_mentee(mentee_id)
        )
        reader, leaver = (mentor_name, mentee_name) if as_mentee else (mentee_name, mentor_name)
        if contact is not None and contact.email:
            self.notifier.send(emails.partner_left(contact.email, reader, leaver, was_match))


def _jsonable(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal: whole numbers become int, others float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | set | tuple):
        return [_jsonable(item) for item in value]
    return value
