"""The report's running totals always equal what the table holds: every change that moves a
count (joining, vetting, each answer, expiry, automatic declines, sessions, endings,
evaluations, erasure) adds to them in its own transaction."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from mentoring.domain.models import DeclineBody, EvaluationCreate, SessionCreate
from mentoring.domain.records import MENTOR_FULL
from tests.service.test_privacy import every_item
from tests.support.scheme import Scheme

EXPIRY_RUN = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # 5 working days after 25 Nov


def counted_from_the_table(aws: Any) -> Counter[str]:
    """What the totals should say, read back from every item (a scan: tests only)."""
    expected: Counter[str] = Counter()
    for item in every_item(aws):
        entity = item.get("entity")
        if entity == "mentee":
            expected[f"mentees_{item['status']}"] += 1
        elif entity == "mentor":
            expected[f"mentors_{item['status']}"] += 1
            expected[f"mentor_standing_{item.get('standing', 'good')}"] += 1
        elif entity == "match_request":
            expected[f"requests_{item['status']}"] += 1
        elif entity == "match":
            expected[f"matches_{item['status']}"] += 1
            if item.get("end_reason"):
                expected[f"ended_by_{item['end_reason']}"] += 1
        elif entity == "session":
            expected[f"sessions_{item['mode']}"] += 1
        elif entity == "evaluation":
            expected["evaluations"] += 1
            expected["overall_rating_sum"] += int(item["overall_rating"])
            expected["mentor_support_rating_sum"] += int(item["mentor_support_rating"])
            expected["would_recommend_sum"] += int(item["would_recommend"])
    return expected


def kept_totals(scheme: Scheme) -> Counter[str]:
    totals = scheme.stores.totals.read()
    return Counter(
        {name: value for name, value in totals.items() if value and "response_days" not in name}
    )


def session(day: str, mode: str = "virtual") -> SessionCreate:
    return SessionCreate.model_validate(
        {"held_on": day, "mode": mode, "duration_minutes": 30, "summary": "s"}
    )


def test_the_totals_follow_a_whole_scheme_lifecycle(scheme: Scheme, aws: Any) -> None:
    full_mentor = scheme.mentor(capacity=1)
    chosen, waiting = scheme.mentee(), scheme.mentee()
    match = scheme.match(chosen, full_mentor)  # accepted
    scheme.request(waiting, scheme.mentor())  # pending, then expired by the schedule
    late = scheme.mentee()
    other_mentor = scheme.mentor(capacity=1)
    auto_declined = scheme.request(late, other_mentor)
    scheme.match(scheme.mentee(), other_mentor)  # takes the last place: `late` is declined
    decliner = scheme.mentor()
    declined = scheme.request(scheme.mentee(), decliner)
    scheme.answers.decline(decliner, declined.request_id, DeclineBody())
    withdrawn_by = scheme.mentee()
    withdrawn = scheme.request(withdrawn_by, scheme.mentor())
    scheme.requests.withdraw(withdrawn_by, withdrawn.request_id)

    scheme.sessions.log(full_mentor, match.match_id, session("2026-11-25", "face_to_face"))
    completing_mentor = scheme.mentor()
    completed = scheme.match(mentor=completing_mentor)
    for _ in range(4):  # the fourth ends it (sessions_complete)
        scheme.sessions.log(completing_mentor, completed.match_id, session("2026-11-25"))
    scheme.matches.end(chosen, match.match_id)
    scheme.evaluations.submit(
        chosen,
        match.match_id,
        EvaluationCreate(overall_rating=4, mentor_support_rating=5, would_recommend=True),
    )
    scheme.vetting.suspend_mentor(scheme.admin, scheme.mentor().user_id)
    scheme.mentor(approve=False)  # still pending approval
    scheme.reminders.run(EXPIRY_RUN)
    scheme.privacy.erase(scheme.mentee())
    scheme.privacy.erase(other_mentor)  # ends their match, anonymises their requests

    assert scheme.requests.get(late, auto_declined.request_id).decline_reason == MENTOR_FULL
    assert kept_totals(scheme) == counted_from_the_table(aws)


def test_erasing_twice_counts_the_profile_out_once(scheme: Scheme, aws: Any) -> None:
    leaving = scheme.mentee()
    scheme.mentee()
    scheme.privacy.erase(leaving)
    scheme.privacy.erase(leaving)

    assert kept_totals(scheme) == counted_from_the_table(aws) == Counter({"mentees_active": 1})
