"""The life of every notification, under whatever the world does to it (a Hypothesis state
machine): SES failing and recovering, stream batches replayed, the schedule run twice and
twice at once, accounts erased, while mentees ask and mentors answer.

Invariants, checked after every step:
- no notification is sent twice;
- nothing an erased person wrote is sent after their erasure;
and once SES works and the schedule has run (`settle`, and at the end of every run): every
notification written is sent, unless its recipient, or a person whose words it carries, was
erased (then it is gone).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from threading import Thread
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mentoring.data.dynamo import from_raw
from mentoring.domain.principal import Principal
from mentoring.domain.working_days import is_working_day
from mentoring.errors import DomainError
from mentoring.mail.message import Email
from mentoring.services.deliveries import Deliveries, NotificationNotSent
from tests.conftest import TABLE_NAME
from tests.support.aws import moto_with_the_tables
from tests.support.clock import FixedClock
from tests.support.mail import RecordingMailer
from tests.support.scheme import Scheme, SchemeConfig

START = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # a Wednesday


@dataclass
class TracingMailer(RecordingMailer):
    """Keeps each email with the notification it was sent for."""

    current: str = ""
    sent_for: list[tuple[str, Email]] = field(default_factory=list)

    def send(self, email: Email) -> None:
        super().send(email)
        self.sent_for.append((self.current, email))


@dataclass(frozen=True, kw_only=True)
class TracingDeliveries(Deliveries):
    def deliver(self, image: Any) -> bool:
        if isinstance(self.mailer, TracingMailer):
            self.mailer.current = str(image.get("notice_id", ""))
        return super().deliver(image)


class NotificationLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._world = ExitStack()
        aws = self._world.enter_context(moto_with_the_tables())
        self.clock = FixedClock(START)
        self.scheme = Scheme(SchemeConfig.from_environment(), aws, self.clock)
        self.mailer = TracingMailer(settle=None)
        self.scheme.mailer = self.mailer
        plain = self.scheme.deliveries
        self.scheme.__dict__["deliveries"] = TracingDeliveries(
            **{f.name: getattr(plain, f.name) for f in fields(plain)} | {"mailer": self.mailer}
        )
        self.aws = aws
        self.mentees = [self.scheme.mentee(f"Dr Mentee {n}") for n in range(3)]
        self.mentors = [self.scheme.mentor(f"Dr Mentor {n}", capacity=1) for n in range(2)]
        self.erased: dict[str, int] = {}  # user id -> how many emails were sent before
        self.words: dict[str, set[str]] = {}  # user id -> what they wrote
        self.images: dict[str, dict[str, Any]] = {}  # every notification, as first written
        self.numbers = itertools.count(1)
        self._see_notifications()

    def teardown(self) -> None:
        # However the run went, the world settles at its end: SES works, the schedule runs.
        try:
            self.settle()
        finally:
            self._world.close()

    # ---- the world ------------------------------------------------------------------------

    @rule(mentee=st.integers(0, 2), mentor=st.integers(0, 1))
    def ask(self, mentee: int, mentor: int) -> None:
        person = self.mentees[mentee]
        words = f"WORDS-{person.user_id}-{next(self.numbers)}"
        self._act(lambda: self.scheme.request(person, self.mentors[mentor], words))
        self.words.setdefault(person.user_id, set()).add(words)

    @rule(mentor=st.integers(0, 1))
    def answer(self, mentor: int) -> None:
        person = self.mentors[mentor]
        for request in self.scheme.stores.request_lists.waiting_on(person.user_id):
            self._act(lambda r=request: self.scheme.answers.accept(person, r.request_id))
            return

    @rule()
    def ses_fails(self) -> None:
        self.mailer.failing_kinds.add("*")

    @rule()
    def ses_recovers(self) -> None:
        self.mailer.failing_kinds.clear()

    @rule()
    def stream_delivers(self) -> None:
        self.scheme.deliver_notifications()

    @rule()
    def stream_replays_what_it_carried(self) -> None:
        for image in list(self.images.values()):
            # A record that cannot be sent now is retried by the stream: not the test's failure.
            with suppress(NotificationNotSent):
                self._act(lambda i=image: self.scheme.deliveries.deliver(i))

    @rule(at_once=st.booleans())
    def schedule_runs_twice(self, at_once: bool) -> None:
        self._next_working_morning()
        now = self.clock.now()
        if at_once:
            runs = [Thread(target=self.scheme.reminders.run, args=(now,)) for _ in range(2)]
            for run in runs:
                run.start()
            for run in runs:
                run.join()
        else:
            self.scheme.reminders.run(now)
            self.scheme.reminders.run(now)
        self.scheme.deliver_notifications()

    @precondition(lambda self: len(self.erased) < 3)
    @rule(who=st.integers(0, 4))
    def erase(self, who: int) -> None:
        person = (self.mentees + self.mentors)[who]
        if person.user_id in self.erased:
            return
        self.erased[person.user_id] = len(self.mailer.sent_for)
        self._act(lambda: self.scheme.privacy.erase(person))

    @rule()
    def settle(self) -> None:
        """SES works again and a schedule runs: everything not erased is sent."""
        self.mailer.failing_kinds.clear()
        self.schedule_runs_twice(at_once=False)
        for notice_id, image in self.images.items():
            item = self._notification(notice_id)
            if item is None:
                assert self._carries_someone_erased(image), f"{notice_id} lost"
                continue
            assert item["status"] == "sent", (notice_id, image["kind"], item["status"])

    # ---- what must always hold ------------------------------------------------------------

    @invariant()
    def nothing_is_sent_twice(self) -> None:
        self._see_notifications()
        sent = [notice_id for notice_id, _ in self.mailer.sent_for]
        assert len(sent) == len(set(sent))

    @invariant()
    def nothing_an_erased_person_wrote_is_sent_after(self) -> None:
        for user_id, before in self.erased.items():
            for _, email in self.mailer.sent_for[before:]:
                for words in self.words.get(user_id, ()):
                    assert words not in email.text + email.html

    # ---- helpers --------------------------------------------------------------------------

    def _act(self, step: Any) -> None:
        # Refused (already matched, answered, erased...): the world goes on.
        with suppress(DomainError):
            step()

    def _next_working_morning(self) -> None:
        day = self.clock.now().date() + timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
        self.clock.current = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)

    def _see_notifications(self) -> None:
        """Every notification as it was first written (what a replayed record carries)."""
        for item in self._all_notifications():
            if item["status"] == "pending" and item["notice_id"] not in self.images:
                self.images[item["notice_id"]] = item

    def _all_notifications(self) -> Iterator[dict[str, Any]]:
        arguments: dict[str, Any] = {"TableName": TABLE_NAME}
        while True:
            page = self.aws.scan(**arguments)
            for raw in page["Items"]:
                item = from_raw(raw)
                if item.get("entity") == "notification":
                    yield item
            if "LastEvaluatedKey" not in page:
                return
            arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _notification(self, notice_id: str) -> dict[str, Any] | None:
        return next(
            (item for item in self._all_notifications() if item["notice_id"] == notice_id), None
        )

    def _carries_someone_erased(self, image: dict[str, Any]) -> bool:
        people: list[Principal] = self.mentees + self.mentors
        erased_addresses = {p.email for p in people if p.user_id in self.erased}
        return bool(
            set(image.get("about") or []) & set(self.erased)
            or set(image.get("to") or []) & erased_addresses
        )


NotificationLifecycle.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,  # the same examples on every run, in CI too
    suppress_health_check=[HealthCheck.too_slow],
)
test_the_notification_lifecycle = NotificationLifecycle.TestCase
