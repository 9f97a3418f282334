"""Each branch's queue in memory, kept exact from committed changes, so nothing re-reads the whole line.

Calling the next ticket and re-estimating the line both need the branch's whole queue: every waiting
ticket, the open counters and what each is doing. Reading that from the database on every call and every
refresh cost more than everything else a request did (bench/README.md). Instead each branch has one
`QueueState` in memory:

- it is read from the database once (`read_queue`), and again whenever it may be stale;
- the queue's own ticket moves describe what they did to it (`Change.follow`): issuing adds a waiting
  ticket, a call removes one and occupies the counter, a start and a finish change what the counter
  does. The description is applied after the change commits, still inside the branch's turn;
- any other change (a counter opening, a transfer, a no-show, configuration, day close, a write outside
  `Changes`) bumps the database's `generation` (`Database.bump`), and a state built under an older
  generation is read again on its next use. Rare changes pay one read of the line; the busy ones none.

Every change of a branch runs inside the branch's turn (`turn`), a lock held from before its transaction
begins until its description is applied; the state is only read or rebuilt inside the turn too. So the
state moves in commit order and a reader never sees half a change.

Assumption: one server process per database (already required by the in-process event hub). A second
process writing the same database would leave this one's state stale; the call path still checks the
chosen ticket in the database inside its transaction, so staleness could cost a retry, never a double call.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from server.db.engine import Database
from server.services.queue_state import QueueState, read_queue


@dataclass
class _Branch:
    turn: threading.RLock
    state: QueueState | None = None
    generation: int = -1


class LiveQueues:
    """The in-memory queue state of every branch, and each branch's turn to change it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._branches: dict[int, _Branch] = {}
        self._lock = threading.Lock()

    def _branch(self, branch_id: int) -> _Branch:
        branch = self._branches.get(branch_id)
        if branch is None:
            with self._lock:
                branch = self._branches.setdefault(branch_id, _Branch(threading.RLock()))
        return branch

    @contextmanager
    def turn(self, branch_id: int) -> Iterator[None]:
        """The branch's turn: one change (or one reader of the state) at a time, in this process."""
        with self._branch(branch_id).turn:
            yield

    def state(self, branch_id: int, session: Session | None = None) -> QueueState:
        """The branch's state, read again first when it may be stale; call it inside the branch's turn.

        `session` (a write transaction's) reads it in that transaction; otherwise a read session does.
        """
        branch = self._branch(branch_id)
        generation = self.db.generation
        if branch.state is None or branch.generation != generation:
            if session is not None:
                branch.state = read_queue(session, branch_id)
            else:
                with self.db.read() as reader:
                    branch.state = read_queue(reader, branch_id)
            branch.generation = generation
        return branch.state

    def current(self, branch_id: int) -> QueueState | None:
        """The branch's state when it is known and fresh (inside the turn), else None."""
        branch = self._branch(branch_id)
        if branch.state is None or branch.generation != self.db.generation:
            return None
        return branch.state

    def forget(self, branch_id: int) -> None:
        """Drop the branch's state (inside the turn): a change could not describe what it did."""
        self._branch(branch_id).state = None
