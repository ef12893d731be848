"""Every store, over one Table: the data layer as the composition root hands it out.

Each store is built on first use, and its module imported only then, so a function's cold
start pays only for the stores its routes use. Stores never import one another; this is the
one place that knows them all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentoring.data.accounts import AccountStore
    from mentoring.data.concerns import ConcernStore
    from mentoring.data.evaluations import EvaluationStore
    from mentoring.data.match_contents import MatchContentsStore
    from mentoring.data.matches import MatchStore
    from mentoring.data.meetings import MeetingStore
    from mentoring.data.mentor_listing import MentorListingStore
    from mentoring.data.notifications import NotificationStore
    from mentoring.data.personal_data import PersonalDataStore
    from mentoring.data.profiles import ProfileStore
    from mentoring.data.request_lists import RequestListStore
    from mentoring.data.requests import RequestStore
    from mentoring.data.sessions import SessionStore
    from mentoring.data.standing import StandingStore
    from mentoring.data.table import Table
    from mentoring.data.totals import TotalsStore
    from mentoring.data.waiting_lists import WaitingListStore


class Stores:
    def __init__(self, table_name: str, secret: Callable[[], bytes], dynamodb: Any | None = None):
        self._table_name = table_name
        self._secret = secret  # seals list cursors
        self._dynamodb = dynamodb

    @cached_property
    def table(self) -> Table:
        from mentoring.data.cursor_seal import AesGcmSeal
        from mentoring.data.table import Table

        return Table(self._table_name, AesGcmSeal(self._secret), self._dynamodb)

    @cached_property
    def profiles(self) -> ProfileStore:
        from mentoring.data.profiles import ProfileStore

        return ProfileStore(self.table)

    @cached_property
    def mentor_listing(self) -> MentorListingStore:
        from mentoring.data.mentor_listing import MentorListingStore

        return MentorListingStore(self.table)

    @cached_property
    def accounts(self) -> AccountStore:
        from mentoring.data.accounts import AccountStore

        return AccountStore(self.table)

    @cached_property
    def requests(self) -> RequestStore:
        from mentoring.data.requests import RequestStore

        return RequestStore(self.table)

    @cached_property
    def request_lists(self) -> RequestListStore:
        from mentoring.data.request_lists import RequestListStore

        return RequestListStore(self.table)

    @cached_property
    def matches(self) -> MatchStore:
        from mentoring.data.matches import MatchStore

        return MatchStore(self.table)

    @cached_property
    def sessions(self) -> SessionStore:
        from mentoring.data.sessions import SessionStore

        return SessionStore(self.table)

    @cached_property
    def evaluations(self) -> EvaluationStore:
        from mentoring.data.evaluations import EvaluationStore

        return EvaluationStore(self.table)

    @cached_property
    def meetings(self) -> MeetingStore:
        from mentoring.data.meetings import MeetingStore

        return MeetingStore(self.table)

    @cached_property
    def notifications(self) -> NotificationStore:
        from mentoring.data.notifications import NotificationStore

        return NotificationStore(self.table)

    @cached_property
    def totals(self) -> TotalsStore:
        from mentoring.data.totals import TotalsStore

        return TotalsStore(self.table)

    @cached_property
    def match_contents(self) -> MatchContentsStore:
        from mentoring.data.match_contents import MatchContentsStore

        return MatchContentsStore(self.table)

    @cached_property
    def personal_data(self) -> PersonalDataStore:
        from mentoring.data.personal_data import PersonalDataStore

        return PersonalDataStore(self.table)

    @cached_property
    def waiting_lists(self) -> WaitingListStore:
        from mentoring.data.waiting_lists import WaitingListStore

        return WaitingListStore(self.table)

    @cached_property
    def concerns(self) -> ConcernStore:
        from mentoring.data.concerns import ConcernStore

        return ConcernStore(self.table)

    @cached_property
    def standing(self) -> StandingStore:
        from mentoring.data.standing import StandingStore

        return StandingStore(self.table)
