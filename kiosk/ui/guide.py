"""The guide: for each service, where it is served, what to bring and how long it usually takes. It stays
available while the server is away (the last menu the kiosk loaded)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from client import ServiceInfo
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.widgets import Card, button, clear_layout, label

__all__ = ["GuideScreen"]


class GuideScreen(KioskScreen):
    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.heading = label("", "heading")
        self.empty = label("", "muted")
        self.cards = QGridLayout()
        self.cards.setSpacing(24)
        self.pager = QHBoxLayout()
        self.body.addWidget(self.heading)
        self.body.addWidget(self.empty)
        self.body.addLayout(self.cards)
        self.body.addStretch(1)
        self.body.addLayout(self.pager)
        self.page = 0
        self.session.menu.changed.connect(self._menu_changed)

    def shown(self) -> None:
        self.page = 0
        self.refresh()

    def _menu_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        clear_layout(self.cards)
        clear_layout(self.pager)
        self.heading.setText(self.tr("Guide to our services"))
        menu = self.session.menu
        services = list(menu.guide.services) if menu.guide else []
        self.empty.setVisible(not services)
        self.empty.setText(self.tr("The guide is not available yet. Please ask a member of staff."))
        per_page = 3 if self.theme.elder else (4 if self.portrait else 6)
        pages = max(1, -(-len(services) // per_page))
        self.page = min(self.page, pages - 1)
        columns = 1 if self.portrait else 2
        for index, service in enumerate(services[self.page * per_page : (self.page + 1) * per_page]):
            self.cards.addWidget(self._card(service), index // columns, index % columns)
        if pages > 1:
            previous = button(self.tr("Previous"), "", lambda: self._turn(-1))
            following = button(self.tr("More"), "primary", lambda: self._turn(1))
            previous.setEnabled(self.page > 0)
            following.setEnabled(self.page < pages - 1)
            self.pager.addWidget(previous)
            self.pager.addStretch(1)
            self.pager.addWidget(following)

    def _turn(self, step: int) -> None:
        self.page += step
        self.refresh()

    def _card(self, service: ServiceInfo) -> Card:
        card = Card()
        words = self.words
        card.layout_.addWidget(label(service.name(words.language.http_tag), "heading"))
        zones = words.zone_list(service.zones or (service.raw.get("zones") if service.raw else None))
        if zones:
            card.layout_.addWidget(label(self.tr("Where: %1").replace("%1", zones)))
        documents = words.documents(service)
        if documents:
            separator = ", " if words.english else "、"
            card.layout_.addWidget(label(self.tr("Bring: %1").replace("%1", separator.join(documents))))
        if service.expected_service_min:
            card.layout_.addWidget(label(self.tr("Usually takes about %1 min at the counter")
                                         .replace("%1", str(round(service.expected_service_min))), "muted"))
        return card
