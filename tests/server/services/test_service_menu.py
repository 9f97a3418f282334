"""The estimate refresher's menu facts: configuration read once, and read again after it changes."""

from __future__ import annotations

from sqlalchemy import event, select, update

from server.db.models import Branch, Service
from server.services.service_menu import MenuFactsReader


def test_menu_facts_are_read_once_then_again_only_after_a_change(container, clock):  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.code == "demo"))
    reader = MenuFactsReader(container.db)
    statements: list[str] = []
    event.listen(container.db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    first = reader.at(branch_id, clock().timestamp())
    reads = len(statements)
    clock.advance(minutes=5)
    assert reader.at(branch_id, clock().timestamp()).codes == first.codes
    assert len(statements) == reads  # a refresh after every change reads nothing for the menu

    with container.db.write() as session:  # any write the in-memory copies cannot follow
        session.execute(update(Service).where(Service.branch_id == branch_id, Service.code == "loans").values(active=False))
    assert "loans" in first.codes
    assert reader.at(branch_id, clock().timestamp()).codes == tuple(code for code in first.codes if code != "loans")
