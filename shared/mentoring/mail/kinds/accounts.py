"""Emails about a person's account: the other party of what an erased account closed."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from mentoring.domain.records import MatchRecord, MatchRequestRecord
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, Notice, notice


class PartnerLeft(Facts):
    """The other party of a request or match that an erased account closed."""

    kind: ClassVar[str] = "partner_left"
    reader_name: str
    other_name: str  # the person who left
    was_match: bool

    def write(self, c: Context) -> Written:
        what = "your mentoring relationship" if self.was_match else "your match request"
        body = (
            f"Dear {self.reader_name},\n\n"
            f"{self.other_name} has closed their IMG Peer Mentoring account, so {what} with "
            f"them has ended.\n\n"
            f"You are free to continue with the scheme as before. If you would like to talk it "
            f"through, the Peer Mentoring Administrator is glad to help."
        )
        return Written("A change to your peer mentoring", body)


def partner_left(
    both: MatchRequestRecord | MatchRecord, leaver_is_mentee: bool, now: datetime
) -> list[Notice]:
    if leaver_is_mentee:
        to, reader, leaver = both.mentor_email, both.mentor_name, both.mentee_name
    else:
        to, reader, leaver = both.mentee_email, both.mentee_name, both.mentor_name
    facts = PartnerLeft(
        reader_name=reader, other_name=leaver, was_match=isinstance(both, MatchRecord)
    )
    return [notice(facts, now, to=to)]  # about no one: the leaver is named on purpose
