"""The live service menu: the branch's services by category, kept current by the event stream.

It loads `GET /branches/{code}/services` once (and again after a reconnect that could not resume, a
configuration change or a resync), then applies each `service.summary` event to the service it names: no
polling. A service's `state` (`open`, `no_counter_open`, `closed_for_day`) and `opens_at` say whether it can
be chosen now.

Each menu loaded is also kept in a file (when given one), so the guide (where, what to bring, how long) shows
while the server is away even if the kiosk was restarted meanwhile: `guide` is the live menu, else the kept one.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from client import BranchServices, ClientError, Event, ServiceInfo
from qtkit import QtClient

__all__ = ["SUMMARY_EVENT", "ServiceMenu", "category_of", "is_available"]

log = logging.getLogger("branchq.kiosk.menu")

SUMMARY_EVENT = "service.summary"
RELOAD_EVENTS = {"config.changed", "counter.opened", "counter.closed"}
_SUMMARY_FIELDS = {
    "waiting", "open_counters", "estimated_wait_s", "estimated_wait_low_s", "estimated_wait_high_s", "state",
}


def is_available(service: ServiceInfo) -> bool:
    """Can a ticket be taken for it now? Servers that send no `state` mean: open while a counter serves it."""
    if service.state is not None:
        return service.state == "open"
    return service.open_counters > 0


def category_of(service: ServiceInfo, categories: tuple[Any, ...] = ()) -> Mapping[str, Any]:
    """The service's category as `{"code", "name_zh", "name_en"}` (one unnamed group if it has none)."""
    category = service.category
    if isinstance(category, Mapping):
        return category
    if isinstance(category, str) and category:
        for known in categories:
            if isinstance(known, Mapping) and known.get("code") == category:
                return known
        return {"code": category, "name_zh": category, "name_en": category}
    return {"code": "", "name_zh": "", "name_en": ""}


def _plain(value: Any) -> Any:
    """JSON for the read-only containers the client keeps answers in."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


class ServiceMenu(QObject):
    """The services a customer can choose from, live.

    Signals:
        changed(): the services or their queues changed (redraw the menu).
        load_failed(object): loading failed with this `ClientError` (the menu keeps what it had).

    Attributes:
        services: the latest `BranchServices`, or None before the first load.
        remembered: the menu kept in the cache file by an earlier load (None without one).
        loading: a load is under way.
    """

    changed = Signal()
    load_failed = Signal(object)

    def __init__(
        self, qt_client: QtClient, load: Any, parent: QObject | None = None, cache: Path | None = None
    ) -> None:
        """`load()` returns a `BranchServices` (a blocking client call; run off the UI thread here); `cache`
        is the file the last loaded menu is kept in (None: kept nowhere)."""
        super().__init__(parent)
        self._qt_client = qt_client
        self._load = load
        self._cache = cache
        self.services: BranchServices | None = None
        self.remembered = self._read_cache()
        self.loading = False

    @property
    def guide(self) -> BranchServices | None:
        """What the guide and the frame show: the live menu, else the one kept from an earlier run."""
        return self.services or self.remembered

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading = True
        self._qt_client.call(self._load_and_keep, self._loaded, self._failed)

    def _load_and_keep(self) -> BranchServices:
        """On a worker thread: load, then write the answer to the cache file (replaced whole, never half)."""
        services = self._load()
        if self._cache is not None:
            try:
                self._cache.parent.mkdir(parents=True, exist_ok=True)
                partial = self._cache.with_name(self._cache.name + ".partial")
                partial.write_text(json.dumps(services.raw, ensure_ascii=False, default=_plain), encoding="utf-8")
                os.replace(partial, self._cache)
            except OSError as error:
                log.warning("the menu could not be kept in %s: %s", self._cache, error)
        return services

    def _read_cache(self) -> BranchServices | None:
        if self._cache is None or not self._cache.exists():
            return None
        try:
            return BranchServices.from_json(json.loads(self._cache.read_text(encoding="utf-8")))
        except (OSError, ValueError, ClientError) as error:
            log.warning("the kept menu %s is unreadable (%s); the guide waits for the server", self._cache, error)
            return None

    def service(self, code: str) -> ServiceInfo | None:
        return None if self.services is None else self.services.service(code)

    def categories(self) -> list[Mapping[str, Any]]:
        """The categories in the order their first service comes."""
        seen: dict[str, Mapping[str, Any]] = {}
        for service in self.services.services if self.services else ():
            category = category_of(service, self._known_categories())
            seen.setdefault(str(category.get("code", "")), category)
        order = {category.get("code"): index for index, category in enumerate(self._known_categories())}
        return sorted(seen.values(), key=lambda category: order.get(category.get("code"), len(order)))

    def services_in(self, category_code: str) -> list[ServiceInfo]:
        return [
            service for service in (self.services.services if self.services else ())
            if str(category_of(service, self._known_categories()).get("code", "")) == category_code
        ]

    def _known_categories(self) -> tuple[Any, ...]:
        if self.services is None:
            return ()
        return tuple(self.services.categories or self.services.raw.get("categories") or ())

    def apply_event(self, event: Event) -> None:
        """Apply one event of the stream (others are ignored)."""
        if event.type == SUMMARY_EVENT:
            self._apply_summary(event.data)
        elif event.type in RELOAD_EVENTS:
            self.refresh()

    def _apply_summary(self, payload: Mapping[str, Any]) -> None:
        if self.services is None:
            return
        code = payload.get("service")
        code = code.get("code") if isinstance(code, Mapping) else code
        updated = []
        found = False
        for service in self.services.services:
            if service.code == code:
                found = True
                changes = {name: payload[name] for name in _SUMMARY_FIELDS if name in payload}
                service = dataclasses.replace(service, **changes, raw={**service.raw, **payload})
            updated.append(service)
        if not found:
            self.refresh()
            return
        self.services = dataclasses.replace(self.services, services=tuple(updated))
        self.changed.emit()

    def _loaded(self, services: BranchServices) -> None:
        self.loading = False
        self.services = services
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        if not isinstance(error, ClientError):
            raise error
        self.load_failed.emit(error)
