"""Seeding the demo: two branches with their accounts, idempotent, and filling in what an older demo lacks."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from server.db.models import Branch, Counter, CounterSkill, Device, Service, ServiceCategory, Staff, StaffBranch
from server.demo import SECOND_BRANCH, seed_demo
from tests.helpers import DEMO_PASSWORD


def _counts(container) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Branch, Staff, Device, Counter))


def test_seeding_again_changes_nothing(container):
    before = _counts(container)
    assert seed_demo(container.db, "another-password") is False
    assert _counts(container) == before == (2, 14, 4, 8)


def test_an_older_demo_gains_the_second_branch_and_the_lobby_manager(container):
    with container.db.write() as session:
        second = session.scalars(select(Branch).where(Branch.code == SECOND_BRANCH)).one()
        staff_ids = select(StaffBranch.staff_id).where(StaffBranch.branch_id == second.id)
        lobby_id = session.scalar(select(Staff.id).where(Staff.username == "lobby"))
        doomed = [*session.scalars(staff_ids), lobby_id]
        session.execute(delete(StaffBranch).where(StaffBranch.staff_id.in_(doomed)))
        session.execute(delete(Staff).where(Staff.id.in_(doomed)))
        session.execute(delete(Device).where(Device.branch_id == second.id))
        counters = select(Counter.id).where(Counter.branch_id == second.id)
        session.execute(delete(CounterSkill).where(CounterSkill.counter_id.in_(counters)))
        session.execute(delete(Counter).where(Counter.branch_id == second.id))
        session.execute(delete(Service).where(Service.branch_id == second.id))
        session.execute(delete(ServiceCategory).where(ServiceCategory.branch_id == second.id))
        session.execute(delete(Branch).where(Branch.id == second.id))
    assert _counts(container) == (1, 8, 2, 6)
    assert seed_demo(container.db, DEMO_PASSWORD) is True
    assert _counts(container) == (2, 14, 4, 8)
    with container.db.read() as session:
        demo_counters = session.scalars(select(Counter.id).where(Counter.branch_id == 1).order_by(Counter.id)).all()
    assert demo_counters == [1, 2, 3, 4, 5, 6]
