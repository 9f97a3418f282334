"""Allocating a ticket's daily sequence number inside the issuing transaction.

The database does it: increment the day's counter row with `UPDATE ... RETURNING`, and when the day
has no row yet, create it at 1 (an insert that ignores a conflict, then the increment if it lost). The row lock that the update takes serialises
concurrent issuers on PostgreSQL; on SQLite the write transaction already holds the database lock.
Never "highest number plus one", which hands two customers the same number under load.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db.models import TicketSequence

_SEQUENCES = TicketSequence.__table__
_KEY = ("branch_id", "service_id", "business_day")
_NEXT = (
    update(_SEQUENCES)
    .where(*(_SEQUENCES.c[name] == bindparam(f"key_{name}") for name in _KEY))
    .values(last_value=_SEQUENCES.c.last_value + 1)
    .returning(_SEQUENCES.c.last_value)
)
_FIRST = {
    dialect: module.insert(_SEQUENCES)
    .values({**{name: bindparam(name) for name in _KEY}, "last_value": 1})
    .on_conflict_do_nothing(index_elements=list(_KEY))
    .returning(_SEQUENCES.c.last_value)
    for dialect, module in (("postgresql", postgresql), ("sqlite", sqlite))
}


def allocate_sequence(session: Session, branch_id: int, service_id: int, business_day: date) -> int:
    """The next number of the day (Core statements on the transaction's connection: no ORM work).

    Usually one statement, the increment; the day's first ticket of a service creates the row at 1.
    """
    connection = session.connection()
    row = {"branch_id": branch_id, "service_id": service_id, "business_day": business_day}
    key = {f"key_{name}": value for name, value in row.items()}
    value = connection.execute(_NEXT, key).scalar_one_or_none()
    if value is None:
        value = connection.execute(_FIRST[connection.dialect.name], row).scalar_one_or_none()
    if value is None:  # another transaction created the row between the two statements (PostgreSQL)
        value = connection.execute(_NEXT, key).scalar_one()
    return value
