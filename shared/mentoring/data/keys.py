"""The single table's key schema: where each kind of item lives, in one page.

Table keys PK/SK; three overloaded global secondary indexes GSI1, GSI2, GSI3 (all attributes
projected), GSI4, the schedule's follow-ups (keys only), and GSI5 and GSI6, the people an item
is about (all attributes): everything stored about a person is their two partitions there,
USER#<user> on GSI5 (as themselves or as a mentee) and on GSI6 (as a mentor).

Each store module lists the access patterns it serves; these are the keys they are built
from. Several stores touch the same item in one transaction (a request takes the mentee's one
pending slot on their profile), so the builders live here, beside no store.

- mentee profile: PK USER#<user>, SK MENTEE;
  GSI2 MENTEE / <status>#<created>#<user>; GSI5 USER#<user>
- mentor profile: PK USER#<user>, SK MENTOR;
  GSI1 DIRECTORY / <name>#<user> (approved mentors only: a sparse index);
  GSI2 MENTOR / <status>#<created>#<user>; GSI5 USER#<user>
- a mentee's place in one mentor's waiting list: PK USER#<mentee>, SK WAITING#<mentor>;
  GSI2 MENTOR_WAITING#<mentor> / <joined>#<mentee> (the line, first come first); GSI4
  FOLLOW_UP#offer / <offer expires>#<mentee> while offered (the schedule's lapses);
  GSI5 USER#<mentee>, GSI6 USER#<mentor>. The mentor profile is on GSI4 FOLLOW_UP#place /
  <when>#<mentor> from a change that may have freed a place until it is offered
- standing: a mentee or mentor profile is on GSI3 STANDING#checks / <day>#<user>#<role> until
  the next day its standing could change (the schedule's checks)
- training recorded for a mentor: PK USER#<mentor>, SK TRAINING#<completed on>#<id>; GSI5
- supervision session: PK SUPERVISION#<id>, SK SUPERVISION (its attendees, a string set);
  each attendance: PK USER#<mentor>, SK SUPERVISED#<held on>#<id>; GSI5
- the Code of Practice: the current one PK SCHEME, SK CODE_OF_PRACTICE; each version published
  PK CODE_OF_PRACTICE#<version>, SK VERSION (so a version is published once)
- requests a mentee sent on a day: PK USER#<user>, SK REQUESTS_ON#<day> (TTL two days);
  GSI5 USER#<user>
- an erased account: PK ERASED#<sha256 of the user id>, SK ERASED (TTL one day)
- match request: PK REQUEST#<id>, SK REQUEST;
  GSI1 MENTEE_REQUESTS#<mentee>, GSI2 MENTOR_REQUESTS#<mentor> / <created>#<id>;
  GSI3 REQUESTS#<status> / <deadline (pending) or when decided>#<id>;
  GSI5 USER#<mentee>, GSI6 USER#<mentor>
- match: PK MATCH#<id>, SK MATCH;
  GSI1 MENTEE_MATCHES#<mentee>, GSI2 MENTOR_MATCHES#<mentor> / <started>#<id>;
  GSI3 MATCHES#<status> / <started (active) or ended>#<id>;
  GSI4 FOLLOW_UP#nudge / <quiet since>#<id> or FOLLOW_UP#evaluation / <ended>#<id> while the
  schedule owes it a nudge or an evaluation reminder (a sparse index);
  GSI5 USER#<mentee>, GSI6 USER#<mentor>
- session: PK MATCH#<id>, SK SESSION#<n>; GSI5 USER#<mentee>, GSI6 USER#<mentor>
- evaluation: PK MATCH#<id>, SK EVALUATION; GSI2 MENTOR_EVALUATIONS#<mentor>;
  GSI5 USER#<mentee>, GSI6 USER#<mentor>
- meeting: PK MATCH#<id>, SK MEETING#<meeting id> (meeting ids begin with their start time,
  so a match's meetings sort soonest first); GSI3 MEETINGS#confirmed / <starts>#<id> while
  confirmed (the schedule's reminders); GSI5 USER#<mentee>, GSI6 USER#<mentor>

- concern: PK CONCERN#<id>, SK CONCERN; GSI1 RAISER_CONCERNS#<raiser> / <created>#<id>;
  GSI3 CONCERNS#<status> / <created>#<id>; GSI5 USER#<raiser> (until they erase their account)
- notification (an email to send): PK NOTIFICATION#<id>, SK NOTIFICATION;
  GSI3 NOTIFICATIONS#unsent / <created>#<id> until sent (a sparse index); TTL once sent
- a directory entry (a term that finds an approved mentor): PK TERM#<field>#<value>, SK <user>;
  or PK TERM#word#<first two letters>, SK <word>#<user> (mentoring.data.directory)
- the scheme's running totals: PK REPORT, SK TOTALS#<shard> (mentoring.data.totals)

On GSI5 and GSI6 an item sorts by its own key, `<PK>#<SK>`. When a person is erased, their
key goes from every item they shared, so nothing stored is found by their id any more.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from mentoring.data.table import Key

MENTEE = "MENTEE"
MENTOR = "MENTOR"
DIRECTORY = "DIRECTORY"
ERASED = "ERASED"
REQUEST = "REQUEST"
MATCH = "MATCH"
EVALUATION = "EVALUATION"
SESSION_PREFIX = "SESSION#"
REQUESTS_ON_PREFIX = "REQUESTS_ON#"
WAITING_PREFIX = "WAITING#"
TRAINING_PREFIX = "TRAINING#"
SUPERVISED_PREFIX = "SUPERVISED#"
STANDING_CHECKS = "STANDING#checks"
NOTIFICATION = "NOTIFICATION"
MEETING_PREFIX = "MEETING#"
CONFIRMED_MEETINGS = "MEETINGS#confirmed"
UNSENT_NOTIFICATIONS = "NOTIFICATIONS#unsent"
CONCERN = "CONCERN"


def stored_time(moment: datetime) -> str:
    """The text pydantic writes for a UTC datetime, so stored times sort and parse alike."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ---- profiles ---------------------------------------------------------------------------


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def mentee_key(user_id: str) -> Key:
    return user_pk(user_id), MENTEE


def mentor_key(user_id: str) -> Key:
    return user_pk(user_id), MENTOR


def requests_on_key(user_id: str, day: str) -> Key:
    return user_pk(user_id), f"{REQUESTS_ON_PREFIX}{day}"


def waiting_key(mentee_id: str, mentor_id: str) -> Key:
    return user_pk(mentee_id), f"{WAITING_PREFIX}{mentor_id}"


def waiting_line(mentor_id: str) -> str:
    """One mentor's waiting list, on GSI2, first to join first."""
    return f"MENTOR_WAITING#{mentor_id}"


def training_key(mentor_id: str, completed_on: str, training_id: str) -> Key:
    return user_pk(mentor_id), f"{TRAINING_PREFIX}{completed_on}#{training_id}"


def supervision_key(supervision_id: str) -> Key:
    return f"SUPERVISION#{supervision_id}", "SUPERVISION"


def attendance_key(mentor_id: str, held_on: str, supervision_id: str) -> Key:
    return user_pk(mentor_id), f"{SUPERVISED_PREFIX}{held_on}#{supervision_id}"


CURRENT_CODE: Key = ("SCHEME", "CODE_OF_PRACTICE")


def code_version_key(version: str) -> Key:
    return f"CODE_OF_PRACTICE#{version}", "VERSION"


def standing_check(day: str, user_id: str, role: str) -> dict[str, str]:
    """On the schedule's list of standings to check again on `day` (GSI3)."""
    return {"GSI3PK": STANDING_CHECKS, "GSI3SK": f"{day}#{user_id}#{role}"}


def erased_key(user_id: str) -> Key:
    """Keyed by a one-way hash, so the mark names nobody."""
    return f"ERASED#{hashlib.sha256(user_id.encode()).hexdigest()}", ERASED


# ---- the people an item is about (GSI5, GSI6) -------------------------------------------

AS_THEMSELVES_OR_MENTEE = ("GSI5PK", "GSI5SK")
AS_MENTOR = ("GSI6PK", "GSI6SK")


def _on(index: tuple[str, str], user_id: str, key: Key) -> dict[str, str]:
    partition, sort = index
    return {partition: user_pk(user_id), sort: f"{key[0]}#{key[1]}"}


def about(user_id: str, key: Key) -> dict[str, str]:
    """The item is the user's own (a profile, a daily count): on their GSI5 partition."""
    return _on(AS_THEMSELVES_OR_MENTEE, user_id, key)


def party_key(as_mentee: bool) -> tuple[str, str]:
    """The index keys that find a shared item for its mentee, or for its mentor."""
    return AS_THEMSELVES_OR_MENTEE if as_mentee else AS_MENTOR


def about_both(mentee_id: str, mentor_id: str, key: Key) -> dict[str, str]:
    """The item is shared by a mentee and a mentor (a request, a match and its contents)."""
    return _on(AS_THEMSELVES_OR_MENTEE, mentee_id, key) | _on(AS_MENTOR, mentor_id, key)


def status_sort_key(status: str, created_at: str, user_id: str) -> str:
    return f"{status}#{created_at}#{user_id}"


def directory_sort_key(name: str, user_id: str) -> str:
    return f"{name.casefold()}#{user_id}"


# ---- requests and matches ---------------------------------------------------------------


def request_key(request_id: str) -> Key:
    return f"REQUEST#{request_id}", REQUEST


def match_key(match_id: str) -> Key:
    return f"MATCH#{match_id}", MATCH


def requests_by_status(status: str) -> str:
    return f"REQUESTS#{status}"


def matches_by_status(status: str) -> str:
    return f"MATCHES#{status}"


def as_mentee(kind: str, user_id: str) -> str:
    """A mentee's requests or matches (kind REQUESTS or MATCHES), on GSI1."""
    return f"MENTEE_{kind}#{user_id}"


def as_mentor(kind: str, user_id: str) -> str:
    """A mentor's requests or matches (kind REQUESTS or MATCHES), on GSI2."""
    return f"MENTOR_{kind}#{user_id}"


def timed_key(moment: datetime | str, item_id: str) -> str:
    """`<time>#<id>`: how requests and matches sort within their partitions."""
    text = moment if isinstance(moment, str) else stored_time(moment)
    return f"{text}#{item_id}"


# The schedule's follow-ups (GSI4, sparse): a match is listed while one is outstanding, by
# the moment it is counted from (the start of a quiet spell; the end of the match).
FOLLOW_UP = ("GSI4PK", "GSI4SK")
NUDGE_DUE = "FOLLOW_UP#nudge"
EVALUATION_DUE = "FOLLOW_UP#evaluation"
OFFER_DUE = "FOLLOW_UP#offer"  # an offered place, by when the offer lapses
PLACE_FREED = "FOLLOW_UP#place"  # a mentor who may have a place to offer, since when


def follow_up(kind: str, since: datetime | str, item_id: str) -> dict[str, str]:
    return {"GSI4PK": kind, "GSI4SK": timed_key(since, item_id)}


def up_to(moment: datetime) -> str:
    """A sort key after every `timed_key(moment, id)` (ids never hold "~")."""
    return timed_key(moment, "~")


# ---- sessions and evaluations -----------------------------------------------------------


def session_key(match_id: str, number: int) -> Key:
    return match_key(match_id)[0], f"{SESSION_PREFIX}{number}"


def evaluation_key(match_id: str) -> Key:
    return match_key(match_id)[0], EVALUATION


def mentor_evaluations(mentor_id: str) -> str:
    return f"MENTOR_EVALUATIONS#{mentor_id}"


def meeting_key(match_id: str, meeting_id: str) -> Key:
    return match_key(match_id)[0], f"{MEETING_PREFIX}{meeting_id}"


# ---- concerns ---------------------------------------------------------------------------


def concern_key(concern_id: str) -> Key:
    return f"CONCERN#{concern_id}", CONCERN


def raised_by(user_id: str) -> str:
    """A raiser's concerns, on GSI1."""
    return f"RAISER_CONCERNS#{user_id}"


def concerns_by_status(status: str) -> str:
    return f"CONCERNS#{status}"


# ---- notifications ----------------------------------------------------------------------


def notification_key(notice_id: str) -> Key:
    return f"NOTIFICATION#{notice_id}", NOTIFICATION
