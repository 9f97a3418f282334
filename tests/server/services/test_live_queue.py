"""The branch's queue in memory follows every committed change exactly, and is read again when it cannot."""

from __future__ import annotations

from sqlalchemy import update

from server.db.models import Staff, Ticket
from server.domain import TicketStatus
from server.services.queue_state import QueueState, read_queue
from tests.server.conftest import BASE, Floor


def _in_database(container, branch_id: int) -> QueueState:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return read_queue(session, branch_id)


def _in_memory(container, branch_id: int) -> QueueState:  # type: ignore[no-untyped-def]
    with container.changes.live.turn(branch_id):
        return container.changes.live.state(branch_id)


def _same(memory: QueueState, database: QueueState, now: float) -> None:
    assert memory.snapshot(now) == database.snapshot(now)
    assert memory.numbers == database.numbers


def test_memory_follows_issue_call_start_finish_without_reading_the_line_again(floor: Floor, container, clock):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    floor.issue()
    branch_id = _branch_id(container)
    before = _in_memory(container, branch_id)
    generation = container.db.generation
    for service in ("cash", "account", "cash", "wealth", "cash"):
        floor.issue(service)
        clock.advance(7)
    called = floor.call(1, "teller1").json()
    clock.advance(30)
    assert floor.act(called["id"], "start", "teller1").status_code == 200
    _same(_in_memory(container, branch_id), _in_database(container, branch_id), clock().timestamp())
    clock.advance(90)
    assert floor.act(called["id"], "finish", "teller1").status_code == 200
    floor.issue("fx")

    assert container.db.generation == generation  # nothing since the counter opened made it read the line
    assert _in_memory(container, branch_id) is before  # the same object, moved by each change
    _same(_in_memory(container, branch_id), _in_database(container, branch_id), clock().timestamp())


def test_other_changes_make_it_read_the_line_again(floor: Floor, container, clock):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    for _ in range(3):
        floor.issue("cash")
    branch_id = _branch_id(container)
    stale = _in_memory(container, branch_id)

    called = floor.call(1, "teller1").json()["id"]
    assert floor.act(called, "no-show", "teller1").status_code == 200  # a change that does not describe itself
    fresh = _in_memory(container, branch_id)

    assert fresh is not stale
    assert called not in fresh.waiting and 1 not in fresh.work
    _same(fresh, _in_database(container, branch_id), clock().timestamp())


def test_a_write_outside_changes_is_seen_at_the_next_call(floor: Floor, container):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    first, second = floor.issue("cash")["id"], floor.issue("cash")["id"]
    _in_memory(container, _branch_id(container))
    with container.db.write() as session:  # e.g. a repair by hand: the memory cannot know what it did
        session.execute(update(Ticket).where(Ticket.id == first).values(status=TicketStatus.CANCELLED))

    assert floor.call(1, "teller1").json()["id"] == second


def test_a_stale_choice_is_checked_in_the_database_and_never_called_twice(floor: Floor, container):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    floor.open(2, "teller2")
    first, second = floor.issue("cash")["id"], floor.issue("cash")["id"]
    branch_id = _branch_id(container)
    with container.changes.live.turn(branch_id):
        state = container.changes.live.state(branch_id)
        ghost = state.waiting[first]
    assert floor.call(1, "teller1").json()["id"] == first
    with container.changes.live.turn(branch_id):
        state.add_waiting(ghost, "A001")  # the memory wrongly believes the called ticket still waits

    assert floor.call(2, "teller2").json()["id"] == second
    _same(_in_memory(container, branch_id), _in_database(container, branch_id), ghost.arrived_at + 60)


def test_a_deactivated_account_is_refused_at_its_next_request(floor: Floor, container, client):  # type: ignore[no-untyped-def]
    headers = floor.as_("teller1")
    assert client.get(f"{BASE}/branches/demo/queue", headers=headers).status_code == 200
    with container.db.write() as session:
        session.execute(update(Staff).where(Staff.username == "teller1").values(active=False))

    assert client.get(f"{BASE}/branches/demo/queue", headers=headers).status_code == 401


def _branch_id(container) -> int:  # type: ignore[no-untyped-def]
    return container.tickets._branch("demo").id
