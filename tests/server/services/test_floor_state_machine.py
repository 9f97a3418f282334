"""A whole business day at random: nothing stuck, nothing doubled, and the event log tells it all.

Hypothesis drives random sequences of issue, call, recall, start, finish, transfer, cancel, no-show,
return after a missed call, open, pause, resume, close and release across the demo branch's six
counters and three of its services, through the services on a real SQLite database (a fresh copy of
the seeded template per example). Refusals (`DomainError`) are part of the game; anything else fails.
After every step:

- no waiting ticket is bound to a closed counter, and a waiting ticket is at no counter;
- a ticket called or served is held by one counter, which is staffed, and a counter holds at most one;
- an account holds at most one counter;
- numbers are unique per branch and business day (so per service and day);
- replaying the event log gives the same state. The state the log must reproduce: for every ticket,
  its status, its counter (the one it is or was served at), its service and the counter it was sent
  to; for every counter, its state and who holds it.
"""

from __future__ import annotations

import shutil
from collections import Counter as Tally
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.container import build_container
from server.db.models import Counter, Event, Staff, Ticket
from server.domain.enums import Channel, CounterAction, CounterState, PriorityTier, TicketAction, TicketStatus
from server.domain.errors import DomainError
from server.services.auth import Principal, load_principal
from server.services.tickets import IssueRequest
from server.settings import load_settings
from tests.conftest import TEST_SECRET
from tests.helpers import FakeClock

SERVICES = ("cash", "fx", "account")
"""Services several counters share (counters 1-3 serve them all between them; 4 and 6 one each)."""
COUNTERS = range(1, 7)
TELLERS = tuple(f"teller{n}" for n in COUNTERS)
PICK = st.integers(min_value=0, max_value=10_000)
"""Which ticket a rule acts on: an index into the tickets that exist, taken modulo their number."""


class FloorMachine(RuleBasedStateMachine):
    def __init__(self, template: Path, workdir: Path) -> None:
        super().__init__()
        path = workdir / "branchq.db"
        shutil.copyfile(template, path)
        self.clock = FakeClock()
        built = load_settings(environment="development", database_url=f"sqlite:///{path}", secret_key=TEST_SECRET)
        self.container = build_container(built, clock=self.clock, migrate=False)
        with self.container.db.read() as session:
            self.staff = {
                staff.username: load_principal(session, "staff", staff.id)
                for staff in session.scalars(select(Staff))
            }
        self.by_id = {principal.account_id: principal for principal in self.staff.values()}

    def teardown(self) -> None:
        self.container.close()

    # -- helpers ---------------------------------------------------------------------------------

    def _try(self, action: Any, *args: Any, **options: Any) -> None:
        try:
            action(*args, **options)
        except DomainError:
            pass  # a refusal the rules foresee (state, role, limits): the invariants judge the rest

    def _ticket(self, pick: int, *statuses: TicketStatus) -> Ticket | None:
        """One of the tickets in `statuses` (any ticket when none is given), chosen by `pick`."""
        query = select(Ticket).order_by(Ticket.id)
        if statuses:
            query = query.where(Ticket.status.in_(statuses))
        with self.container.db.read() as session:
            tickets = session.scalars(query).all()
            return tickets[pick % len(tickets)] if tickets else None

    def _counter(self, pick: int, *states: CounterState) -> int:
        """One of the counters in `states`, chosen by `pick` (any counter when none is)."""
        with self.container.db.read() as session:
            ids = session.scalars(select(Counter.id).where(Counter.state.in_(states)).order_by(Counter.id)).all()
        return ids[pick % len(ids)] if ids else COUNTERS[pick % len(COUNTERS)]

    def _holder(self, counter_id: int | None) -> Principal:
        """Whoever holds the counter (the manager when nobody does: the service decides)."""
        with self.container.db.read() as session:
            counter = session.get(Counter, counter_id) if counter_id else None
            staff_id = counter.staff_id if counter is not None else None
        return self.by_id.get(staff_id, self.staff["manager"]) if staff_id else self.staff["manager"]

    def _act(self, pick: int, action: TicketAction, statuses: tuple[TicketStatus, ...], **options: Any) -> None:
        ticket = self._ticket(pick, *statuses)
        if ticket is not None:
            actor = self._holder(ticket.counter_id) if ticket.status.is_active else self.staff["manager"]
            self._try(self.container.tickets.act, ticket.id, action, actor, **options)

    # -- rules -----------------------------------------------------------------------------------

    @initialize(also=st.sets(st.sampled_from((4, 5, 6))))
    def morning(self, also: set[int]) -> None:
        for counter in sorted({1, 2, 3} | also):
            self.container.counters.change_state(counter, CounterAction.OPEN, self.staff[f"teller{counter}"])

    @rule(services=st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3),
          priority=st.sampled_from(list(PriorityTier)))
    def issue(self, services: list[str], priority: PriorityTier) -> None:
        for service in services:
            request = IssueRequest("demo", service, Channel.COUNTER, priority)
            self._try(self.container.tickets.issue, request, self.staff["manager"])

    @rule(counter=st.sampled_from(COUNTERS), teller=st.none() | st.sampled_from(TELLERS))
    def open(self, counter: int, teller: str | None) -> None:
        """Mostly the counter's own teller; sometimes another, who may already hold one."""
        principal = self.staff[teller or f"teller{counter}"]
        self._try(self.container.counters.change_state, counter, CounterAction.OPEN, principal)

    @rule(pick=PICK, action=st.sampled_from([CounterAction.PAUSE, CounterAction.RESUME]))
    def pause_or_resume(self, pick: int, action: CounterAction) -> None:
        counter = self._counter(pick, CounterState.OPEN, CounterState.PAUSED)
        self._try(self.container.counters.change_state, counter, action, self._holder(counter))

    @rule(pick=PICK, how=st.sampled_from(["teller", "manager", "release"]))
    def close(self, pick: int, how: str) -> None:
        """The teller or a manager closes an idle counter, or a manager releases one in use."""
        counter = self._counter(pick, CounterState.OPEN, CounterState.PAUSED)
        if how == "release":
            self._try(self.container.counters.release, counter, self.staff["manager"])
        else:
            actor = self.staff["manager"] if how == "manager" else self._holder(counter)
            self._try(self.container.counters.change_state, counter, CounterAction.CLOSE, actor)

    @rule(pick=PICK)
    def call_next(self, pick: int) -> None:
        counter = self._counter(pick, CounterState.OPEN)
        self._try(self.container.counters.call_next, counter, self._holder(counter))

    @rule()
    def every_open_counter_calls(self) -> None:
        with self.container.db.read() as session:
            opened = session.scalars(select(Counter.id).where(Counter.state == CounterState.OPEN)).all()
        for counter in opened:
            self._try(self.container.counters.call_next, counter, self._holder(counter))

    @rule(pick=PICK)
    def recall(self, pick: int) -> None:
        self._act(pick, TicketAction.RECALL, (TicketStatus.CALLED,))

    @rule(pick=PICK)
    def start(self, pick: int) -> None:
        self._act(pick, TicketAction.START, (TicketStatus.CALLED,))

    @rule(pick=PICK)
    def finish(self, pick: int) -> None:
        self._act(pick, TicketAction.FINISH, (TicketStatus.SERVING,))

    @rule(pick=PICK)
    def no_show(self, pick: int) -> None:
        self._act(pick, TicketAction.NO_SHOW, (TicketStatus.CALLED,))

    @rule(pick=PICK, action=st.sampled_from([TicketAction.CANCEL, TicketAction.START, TicketAction.FINISH]))
    def anything_at_a_counter(self, pick: int, action: TicketAction) -> None:
        """Also actions the state may refuse (cancel a ticket being served, finish before start)."""
        self._act(pick, action, (TicketStatus.CALLED, TicketStatus.SERVING))

    @rule(pick=PICK)
    def cancel_waiting(self, pick: int) -> None:
        self._act(pick, TicketAction.CANCEL, (TicketStatus.WAITING,))

    @rule(pick=PICK, service=st.none() | st.sampled_from(SERVICES), counter=st.none() | st.sampled_from(COUNTERS))
    def transfer(self, pick: int, service: str | None, counter: int | None) -> None:
        live = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
        self._act(pick, TicketAction.TRANSFER, live, service=service, counter_id=counter)

    @rule(pick=PICK)
    def come_back(self, pick: int) -> None:
        ticket = self._ticket(pick, TicketStatus.NO_SHOW)
        if ticket is not None:
            self._try(self.container.tickets.return_after_missed_call, str(ticket.id), self.staff["teller1"])

    @rule(minutes=st.integers(min_value=0, max_value=20))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def nothing_stuck_nothing_doubled_and_the_log_tells_it(self) -> None:
        """One read of the floor per step (each check below is one of the module docstring's)."""
        with self.container.db.read() as session:
            tickets = session.scalars(select(Ticket).options(selectinload(Ticket.service))).all()
            counters = {counter.id: counter for counter in session.scalars(select(Counter))}
            events = session.scalars(select(Event).order_by(Event.branch_id, Event.seq)).all()
            nobody_waits_for_a_closed_counter(tickets, counters)
            every_ticket_in_service_has_one_staffed_counter(tickets, counters)
            numbers_are_unique_per_day(tickets)
            the_event_log_replays_to_the_same_state(events, tickets, counters)


def nobody_waits_for_a_closed_counter(tickets: Sequence[Ticket], counters: dict[int, Counter]) -> None:
    for ticket in tickets:
        if ticket.status is TicketStatus.WAITING:
            assert ticket.counter_id is None, f"waiting {ticket.number} is still at a counter"
            if ticket.target_counter_id is not None:
                target = counters[ticket.target_counter_id]
                assert target.state is not CounterState.CLOSED, f"{ticket.number} waits for a closed counter"


def every_ticket_in_service_has_one_staffed_counter(tickets: Sequence[Ticket], counters: dict[int, Counter]) -> None:
    active = [ticket for ticket in tickets if ticket.status.is_active]
    for ticket in active:
        counter = counters.get(ticket.counter_id or 0)
        assert counter is not None, f"{ticket.number} is {ticket.status.value} at no counter"
        assert counter.state is not CounterState.CLOSED and counter.staff_id is not None, (ticket.number, counter.id)
    held = Tally(ticket.counter_id for ticket in active)
    assert all(count == 1 for count in held.values()), f"a counter holds two tickets: {held}"
    holders = Tally(c.staff_id for c in counters.values() if c.state is not CounterState.CLOSED)
    assert all(count == 1 for count in holders.values()), f"an account holds two counters: {holders}"


def numbers_are_unique_per_day(tickets: Sequence[Ticket]) -> None:
    numbers = Tally((ticket.branch_id, ticket.business_day, ticket.number) for ticket in tickets)
    assert all(count == 1 for count in numbers.values()), numbers.most_common(3)


def the_event_log_replays_to_the_same_state(
    events: Sequence[Event], tickets: Sequence[Ticket], counters: dict[int, Counter]
) -> None:
    replayed_tickets, replayed_counters = replay(events)
    assert replayed_tickets == {
        t.id: (t.status.value, t.counter_id, t.service.code, t.target_counter_id) for t in tickets
    }
    everything_closed = {counter_id: ("closed", None) for counter_id in counters}
    assert {**everything_closed, **replayed_counters} == {c.id: (c.state.value, c.staff_id) for c in counters.values()}


def replay(events: Any) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    """The floor's state as the event log tells it (see the module docstring for what it must hold)."""
    tickets: dict[int, tuple[Any, ...]] = {}
    counters: dict[int, tuple[Any, ...]] = {}
    for event in events:
        data = event.payload
        if event.type == "counter.state":
            counters[data["counter_id"]] = (data["state"], data["staff_id"])
        elif event.type.startswith("ticket.") and "status" in data:
            counter = data["counter"]["id"] if data["counter"] else None
            tickets[data["ticket_id"]] = (data["status"], counter, data["service"]["code"], data["target_counter_id"])
    return tickets, counters


def test_a_random_business_day_leaves_nothing_stuck_and_replays_from_its_log(sqlite_template, tmp_path):
    runs = iter(range(10_000))

    def fresh_floor() -> FloorMachine:
        workdir = tmp_path / f"run{next(runs)}"
        workdir.mkdir()
        return FloorMachine(sqlite_template, workdir)

    run_state_machine_as_test(
        fresh_floor,
        settings=settings(
            max_examples=20,
            stateful_step_count=40,
            derandomize=True,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
