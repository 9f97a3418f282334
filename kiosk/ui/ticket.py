"""The ticket: its number as the hero, the service, people ahead, the wait as a range, where to wait, the
documents to prepare as a checklist, the QR code to follow the queue on a phone, and how printing went."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout

from client import Ticket
from hardware.voice import Language as VoiceLanguage
from hardware.voice import spoken_ticket_number
from kiosk.flows import PrintOutcome, TicketStage
from kiosk.flows.paper import ticket_fact
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.icons import Icon, icon_pixmap
from kiosk.ui.widgets import Card, button, clear_layout, label, qr_pixmap

__all__ = ["TicketScreen"]


class TicketScreen(KioskScreen):
    """Redrawn at every stage of the ticket flow."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.content = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.content.setSpacing(32)
        self.body.addLayout(self.content, 1)
        self.number: QLabel | None = None
        self.status_line: QLabel | None = None
        self.qr: QLabel | None = None
        flow = self.session.ticket
        flow.stage_changed.connect(self._changed)
        flow.ticket_issued.connect(self._changed)

    def _changed(self, *_: Any) -> None:
        self.refresh()
        flow = self.session.ticket
        if self.isVisible() and flow.ticket is not None and flow.stage in {TicketStage.DONE, TicketStage.PRINT_FAILED}:
            self.session.voice.say(self.spoken_text(), self.session.translations.language)

    def spoken_text(self) -> str:
        """The number said letter by letter and digit by digit, then how printing went."""
        flow = self.session.ticket
        if flow.ticket is None:
            return ""
        english = self.words.english
        number = spoken_ticket_number(flow.ticket.number, VoiceLanguage.EN if english else VoiceLanguage.ZH)
        said = self.tr("Your number is %1.").replace("%1", number)
        return f"{said} {self.words.print_outcome(flow.print_outcome)}" if flow.print_outcome else said

    def refresh(self) -> None:
        clear_layout(self.content)
        self.number = self.status_line = self.qr = None
        flow = self.session.ticket
        if flow.ticket is not None:
            self._draw_ticket(flow.ticket)
        elif flow.stage is TicketStage.FAILED:
            self._draw_problem()
        else:
            self._draw_waiting()

    def _draw_waiting(self) -> None:
        self.content.addStretch(1)
        self.content.addWidget(label(self.tr("Taking your ticket…"), "heading", align=Qt.AlignmentFlag.AlignCenter))
        self.content.addWidget(label(self.tr("This takes a moment."), "muted", align=Qt.AlignmentFlag.AlignCenter))
        self.content.addStretch(2)

    def _draw_problem(self) -> None:
        flow = self.session.ticket
        self.content.addStretch(1)
        self.content.addWidget(self._icon_line(Icon.WARNING, self.tr("No ticket was taken"), "problem"))
        self.content.addWidget(label(self.words.ticket_problem(flow.problem, flow.problem_text)))
        again = button(self.tr("Try again"), "primary", flow.retry)
        self.content.addWidget(again)
        self.content.addStretch(2)

    def _draw_ticket(self, ticket: Ticket) -> None:
        self.content.setDirection(
            QBoxLayout.Direction.TopToBottom if self.portrait else QBoxLayout.Direction.LeftToRight)
        facts = QVBoxLayout()
        facts.setSpacing(12)
        facts.addWidget(label(self.tr("Your number"), "muted", align=Qt.AlignmentFlag.AlignCenter))
        self.number = label(ticket.number, "number", align=Qt.AlignmentFlag.AlignCenter)
        facts.addWidget(self.number)
        facts.addWidget(label(ticket.service.name(self.words.language.http_tag), "heading",
                              align=Qt.AlignmentFlag.AlignCenter))
        facts.addWidget(label(self.words.people_ahead(ticket) + "  ·  " + self.words.wait_range(
            ticket.estimated_wait_low_s, ticket.estimated_wait_high_s), align=Qt.AlignmentFlag.AlignCenter))
        where = self.words.zone_list(self._about(ticket, "zones"))
        if where:
            facts.addWidget(label(self.tr("Please wait in: %1").replace("%1", where),
                                  align=Qt.AlignmentFlag.AlignCenter))
        facts.addWidget(self._print_status())
        self.content.addLayout(facts)
        side = QBoxLayout(QBoxLayout.Direction.LeftToRight if self.portrait else QBoxLayout.Direction.TopToBottom)
        side.setSpacing(24)
        side.addWidget(self._qr_card(ticket), 1)
        documents = self._documents(ticket)
        if documents:
            side.addWidget(self._documents_card(documents), 1)
        self.content.addLayout(side)
        if self.portrait:
            self.content.addStretch(1)
            self.content.addWidget(button(self.tr("Done"), "primary", self.session.navigator.home))
        else:
            facts.addStretch(1)
            facts.addWidget(button(self.tr("Done"), "primary", self.session.navigator.home))

    def _about(self, ticket: Ticket, name: str) -> Any:
        return ticket_fact(ticket, self.session.menu.services, name)

    def _documents(self, ticket: Ticket) -> list[str]:
        key = "documents_en" if self.words.english else "documents_zh"
        return list(self._about(ticket, key) or [])

    def _qr_card(self, ticket: Ticket) -> Card:
        card = Card()
        size = (420 if self.theme.elder else 380) if self.portrait else (340 if self.theme.elder else 300)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setPixmap(qr_pixmap(ticket.status_url or ticket.qr_code or ticket.number, size,
                                    self.theme.colours.text))
        card.layout_.addWidget(self.qr)
        card.layout_.addWidget(label(self.tr("Scan to follow your place"), align=Qt.AlignmentFlag.AlignCenter))
        return card

    def _documents_card(self, documents: list[str]) -> Card:
        card = Card()
        card.layout_.addWidget(label(self.tr("Please have ready"), "heading"))
        for document in documents:
            card.layout_.addWidget(label("□  " + document))
        card.layout_.addStretch(1)
        return card

    def _print_status(self) -> QLabel:
        flow = self.session.ticket
        outcome = flow.print_outcome
        if flow.stage is TicketStage.PRINTING or outcome is None:
            widget = self._icon_line(Icon.PRINTER, self.words.print_outcome(None), "")
        elif outcome is PrintOutcome.PRINTED:
            widget = self._icon_line(Icon.CHECK, self.words.print_outcome(outcome), "ok")
        else:
            widget = self._icon_line(Icon.WARNING, self.words.print_outcome(outcome) + "\n" + self.words.staff_told(),
                                     "notice")
        self.status_line = widget.findChild(QLabel, "text")
        return widget

    def _icon_line(self, icon: Icon, text: str, role: str) -> Card:
        colours = self.theme.colours
        colour = {"ok": colours.ok, "problem": colours.danger, "notice": colours.warning}.get(role, colours.brand)
        line = Card()
        row = QHBoxLayout()
        picture = QLabel()
        size = self.theme.sizes.heading + 8
        picture.setPixmap(icon_pixmap(icon, size, colour))
        picture.setFixedSize(QSize(size, size))
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        words = label(text, role if role in {"ok", "problem"} else "")
        words.setObjectName("text")
        row.addWidget(words, 1)
        line.layout_.addLayout(row)
        return line
