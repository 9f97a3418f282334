"""The kiosk's menu read from the database: categories, where each service is served, what to bring, and
the facts the menu's states are derived from (`server.domain.service_menu` holds the rules).

Also `OpeningWatch`: a branch's doors open and close with the clock, not with a commit, so the server's
minute loop asks it whether any branch's doors changed since the last round; for those it asks the
estimate refresher for a refresh, which pushes the `service.summary` events of the new states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterSkill, Service, ServiceCategory
from server.domain.calendar import BranchCalendar
from server.domain.enums import CounterState
from server.domain.service_menu import BranchOpening, branch_opening
from server.services.caches import GenerationCache
from server.services.calendars import branch_calendar, calendar_now
from server.services.unit_of_work import Clock


@dataclass(frozen=True, slots=True)
class MenuFacts:
    """What the summaries need besides the queue snapshot: the doors, and which services are on the menu."""

    opening: BranchOpening
    codes: tuple[str, ...]


class MenuFactsReader:
    """The estimate refresher's `MenuFacts`: the branch's calendar and active service codes are configuration,
    read once per day and kept until the database changes under them (`server.services.caches`); only the
    doors are worked out anew for each refresh. So a refresh, which follows every change, reads nothing
    from the database for the menu."""

    def __init__(self, db: Database) -> None:
        self._configuration: GenerationCache[tuple[BranchCalendar | None, tuple[str, ...]]] = GenerationCache(db)

    def at(self, branch_id: int, at: float) -> MenuFacts:
        """The facts at epoch time `at` (a snapshot's `now`)."""
        now = datetime.fromtimestamp(at, UTC)
        since = now.date() - timedelta(days=2)  # yesterday, branch-local, for any moment of this UTC day

        def load(session: Session) -> tuple[BranchCalendar | None, tuple[str, ...]]:
            branch = session.get(Branch, branch_id)
            if branch is None:
                return None, ()
            return branch_calendar(session, branch, since), _active_codes(session, branch_id)

        calendar, codes = self._configuration.get((branch_id, since), load)
        if calendar is None:
            return MenuFacts(BranchOpening(open_now=False), ())
        return MenuFacts(branch_opening(calendar, now), codes)


def _active_codes(session: Session, branch_id: int) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            select(Service.code).where(Service.branch_id == branch_id, Service.active.is_(True)).order_by(Service.id)
        )
    )


def category_view(category: ServiceCategory) -> dict[str, Any]:
    return {
        "code": category.code,
        "name_zh": category.name_zh,
        "name_en": category.name_en,
        "sort_order": category.sort_order,
    }


def branch_categories(session: Session, branch_id: int) -> list[dict[str, Any]]:
    """The branch's menu categories in display order."""
    rows = session.scalars(
        select(ServiceCategory)
        .where(ServiceCategory.branch_id == branch_id)
        .order_by(ServiceCategory.sort_order, ServiceCategory.id)
    )
    return [category_view(category) for category in rows]


def service_zones(session: Session, branch_id: int, service_id: int | None = None) -> dict[int, list[dict[str, Any]]]:
    """Per service id, the zones of the active counters serving it, each once, in both languages.

    A zone is `open` when an open counter there serves the service; open zones come first (that is where
    the customer will be called), then by the lowest counter number. Counters without a zone are left out.
    """
    query = (
        select(CounterSkill.service_id, Counter.number, Counter.zone_zh, Counter.zone_en, Counter.state)
        .join(Counter, Counter.id == CounterSkill.counter_id)
        .where(Counter.branch_id == branch_id, Counter.active.is_(True))
        .order_by(Counter.number)
    )
    if service_id is not None:
        query = query.where(CounterSkill.service_id == service_id)
    found: dict[int, dict[tuple[str, str], dict[str, Any]]] = {}
    for served, number, zone_zh, zone_en, state in session.execute(query):
        if not (zone_zh or zone_en):
            continue
        zone = found.setdefault(served, {}).setdefault(
            (zone_zh, zone_en), {"zh": zone_zh, "en": zone_en, "open": False, "first": number}
        )
        zone["open"] = zone["open"] or state is CounterState.OPEN
    return {
        served: [
            {"zh": zone["zh"], "en": zone["en"], "open": zone["open"]}
            for zone in sorted(zones.values(), key=lambda zone: (not zone["open"], zone["first"]))
        ]
        for served, zones in found.items()
    }


def guidance(service: Service, zones: list[dict[str, Any]]) -> dict[str, Any]:
    """What a customer needs to know about a service: where to wait, what to bring, how long it takes."""
    category = service.category
    return {
        "category": category.code if category is not None else None,
        "zones": zones,
        "documents_zh": list(service.documents_zh or []),
        "documents_en": list(service.documents_en or []),
        "expected_service_min": service.expected_service_min,
    }


def service_guidance(session: Session, service: Service) -> dict[str, Any]:
    """`guidance` for one service, read now (the ticket screen's "where to wait")."""
    return guidance(service, service_zones(session, service.branch_id, service.id).get(service.id, []))


class OpeningWatch:
    """Notices when a branch's doors open or close (by its calendar) and asks for a refresh then.

    `check()` runs every minute; the first round only learns each branch's state.
    """

    def __init__(self, db: Database, clock: Clock, refresh: Callable[[int], object]) -> None:
        self.db = db
        self.clock = clock
        self.refresh = refresh
        self._last: dict[int, tuple[bool, object]] = {}

    def check(self) -> list[int]:
        """The branches whose doors changed since the last round (each has been asked to refresh)."""
        now = self.clock()
        turned = []
        with self.db.read() as session:
            for branch in session.scalars(select(Branch).where(Branch.active.is_(True))):
                opening = branch_opening(calendar_now(session, branch, now), now)
                state = (opening.open_now, opening.reason)
                if branch.id in self._last and self._last[branch.id] != state:
                    turned.append(branch.id)
                self._last[branch.id] = state
        for branch_id in turned:
            self.refresh(branch_id)
        return turned
