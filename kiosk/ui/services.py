"""The service menu: categories as tabs, services as cards with the people waiting and the estimated wait as a
range, or the muted "not available now" state with its reason. Live: redrawn on every menu change."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client import ServiceInfo
from kiosk.flows import is_available
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.icons import Icon, icon_pixmap
from kiosk.ui.widgets import TileButton, button, clear_layout, label

__all__ = ["ServicesScreen"]


class ServicesScreen(KioskScreen):
    """Choose a service; a tap on an available one takes the ticket."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.heading = label("", "heading")
        self.tabs = QGridLayout()
        self.tabs.setSpacing(16)
        self.cards = QGridLayout()
        self.cards.setSpacing(24)
        self.pager = QHBoxLayout()
        self.empty = label("", "muted")
        self.body.addWidget(self.heading)
        self.body.addLayout(self.tabs)
        self.body.addWidget(self.empty)
        self.body.addLayout(self.cards)
        self.body.addStretch(1)
        self.body.addLayout(self.pager)
        self.category = ""
        self.page = 0
        self.service_buttons: dict[str, QPushButton] = {}
        self.session.menu.changed.connect(self._menu_changed)

    def shown(self) -> None:
        self.page = 0
        self.refresh()

    def _menu_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        menu = self.session.menu
        self.heading.setText(self.tr("Choose a service"))
        for layout in (self.tabs, self.cards, self.pager):
            clear_layout(layout)
        self.service_buttons = {}
        categories = menu.categories()
        codes = [str(category.get("code", "")) for category in categories]
        if self.category not in codes:
            self.category = codes[0] if codes else ""
        if len(categories) > 1:
            per_row = 2 if self.portrait and self.theme.elder else 4
            for index, category in enumerate(categories):
                code = str(category.get("code", ""))
                name = str(self.words.pick(category, "name")).replace("&", "&&")  # "&" is no shortcut key here
                tab = button(name, "tab", lambda c=code: self._choose_category(c))
                tab.setCheckable(True)
                tab.setChecked(code == self.category)
                self.tabs.addWidget(tab, index // per_row, index % per_row)
        services = menu.services_in(self.category)
        self.empty.setVisible(not services)
        self.empty.setText(self.tr("Loading the services…") if menu.services is None else self.tr(
            "No services to show just now. Please ask a member of staff."))
        per_page = self.theme.max_choices
        pages = max(1, -(-len(services) // per_page))
        self.page = min(self.page, pages - 1)
        columns = 1 if self.portrait or self.theme.elder else 2
        for index, service in enumerate(services[self.page * per_page : (self.page + 1) * per_page]):
            self.cards.addWidget(self._card(service), index // columns, index % columns)
        if pages > 1:
            previous = button(self.tr("Previous"), "", lambda: self._turn(-1))
            following = button(self.tr("More services"), "primary", lambda: self._turn(1))
            previous.setEnabled(self.page > 0)
            following.setEnabled(self.page < pages - 1)
            self.pager.addWidget(previous)
            self.pager.addStretch(1)
            self.pager.addWidget(label(self.tr("Page %1 of %2").replace("%1", str(self.page + 1))
                                       .replace("%2", str(pages)), "muted"))
            self.pager.addStretch(1)
            self.pager.addWidget(following)

    def _choose_category(self, code: str) -> None:
        self.category, self.page = code, 0
        self.refresh()

    def _turn(self, step: int) -> None:
        self.page += step
        self.refresh()

    def _card(self, service: ServiceInfo) -> QPushButton:
        available = is_available(service)
        sizes = self.theme.sizes
        card = TileButton()
        card.setProperty("role", "tile")
        card.setEnabled(available)
        card.setMinimumHeight(round(sizes.body * 5.2))
        card.clicked.connect(lambda _=False, code=service.code: self.session.choose_service(code))
        row = QHBoxLayout(card)
        row.setContentsMargins(28, 16, 28, 16)
        text = QVBoxLayout()
        text.addWidget(label(service.name(self.words.language.http_tag), "heading"))
        if available:
            text.addWidget(label(self.words.waiting(service.waiting) + "  ·  " + self.words.wait_range(
                service.estimated_wait_low_s, service.estimated_wait_high_s), "muted"))
        else:
            text.addWidget(label(self.words.service_state(service), "muted"))
        holder = QWidget()
        holder.setLayout(text)
        holder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(holder, 1)
        if not available:
            picture = QLabel()
            picture.setPixmap(icon_pixmap(Icon.PAUSE, sizes.heading + 8, self.theme.muted_text))
            picture.setFixedSize(QSize(sizes.heading + 8, sizes.heading + 8))
            row.addWidget(picture)
        self.service_buttons[service.code] = card
        return card
