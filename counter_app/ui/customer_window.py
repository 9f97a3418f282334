"""The small screen facing the customer: the teller's name card, the called number, the rating, thanks.

Passive: it draws `CustomerScreen` and passes taps on. Around 800×480 to 1024×600.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.flows import CustomerScreen, Screen

__all__ = ["CustomerWindow"]

STARS = 5


def _label(role: str | None = None) -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class CustomerWindow(QWidget):
    """One window, four faces (`Screen`): name card, called, rating, thanks."""

    def __init__(self, screen: CustomerScreen, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer")
        self.flow, self.english = screen, english
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.addWidget(self.stack)
        self.pages = {
            Screen.NAME_CARD: self._name_card(), Screen.CALLED: self._called(), Screen.RATING: self._rating(),
            Screen.THANKS: self._thanks(),
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        screen.changed.connect(self.redraw)
        screen.desk.changed.connect(self.redraw)
        self.resize(1024, 600)
        self.redraw()

    def _name_card(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.counter_title = _label("heading")
        self.teller = _label("number")
        self.teller.setStyleSheet("font-size: 72px;")
        self.welcome = _label("muted")
        for widget in (self.counter_title, self.teller, self.welcome):
            layout.addWidget(widget)
        return page

    def _called(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.please = _label("heading")
        self.called_number = _label("number")
        self.called_number.setStyleSheet("font-size: 200px;")
        self.served_by = _label("muted")
        for widget in (self.please, self.called_number, self.served_by):
            layout.addWidget(widget)
        return page

    def _rating(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.question = _label("heading")
        stars = QHBoxLayout()
        self.stars: list[QPushButton] = []
        for score in range(1, STARS + 1):
            button = QPushButton("☆")
            button.setProperty("role", "star")
            button.clicked.connect(lambda _=False, s=score: self.flow.tap_score(s))
            stars.addWidget(button)
            self.stars.append(button)
        self.chips = QGridLayout()
        self.chip_buttons: dict[str, QPushButton] = {}
        self.comment = QLineEdit()
        self.comment.textChanged.connect(self.flow.set_comment)
        self.send = QPushButton()
        self.send.setProperty("role", "primary")
        self.send.clicked.connect(self.flow.submit)
        layout.addWidget(self.question)
        layout.addLayout(stars)
        layout.addLayout(self.chips)
        layout.addWidget(self.comment)
        layout.addWidget(self.send)
        return page

    def _thanks(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.thanks = _label("heading")
        self.thanks.setStyleSheet("font-size: 56px;")
        layout.addWidget(self.thanks)
        return page

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.redraw()
        super().changeEvent(event)

    def redraw(self) -> None:
        flow, desk = self.flow, self.flow.desk
        self.setWindowTitle(self.tr("BranchQ customer screen"))
        counter = self.tr("Counter %1").replace("%1", str(desk.counter_number or ""))
        self.counter_title.setText(counter)
        self.teller.setText(desk.teller_name or "—")
        self.welcome.setText(self.tr("Welcome. Your teller will call your number."))
        number = flow.ticket.number if flow.ticket else ""
        self.please.setText(self.tr("Now serving"))
        self.called_number.setText(number)
        self.served_by.setText(self.tr("%1 at %2").replace("%1", desk.teller_name).replace("%2", counter))
        self.question.setText(self.tr("How was your service today?"))
        for score, button in enumerate(self.stars, start=1):
            button.setText("★" if score <= flow.score else "☆")
        self._draw_chips()
        self.comment.setPlaceholderText(self.tr("A few words (optional)"))
        self.send.setText(self.tr("Send"))
        self.send.setEnabled(flow.score > 0)
        self.thanks.setText(self.tr("Thank you for your rating!"))
        self.stack.setCurrentWidget(self.pages[flow.screen])

    def _draw_chips(self) -> None:
        # the reasons that fit the stars (as on the phone): praise for 4-5, complaints for 1-3, none before
        tone = None if not self.flow.score else ("praise" if self.flow.score >= 4 else "complaint")
        shown = [r for r in self.flow.reasons if r.get("tone") == tone][:8]
        codes = [r["code"] for r in shown]
        if list(self.chip_buttons) != codes:
            for button in self.chip_buttons.values():
                self.chips.removeWidget(button)
                button.hide()
                button.deleteLater()
            self.chip_buttons = {}
            for index, reason in enumerate(shown):
                button = QPushButton()
                button.setCheckable(True)
                button.setProperty("role", "chip")
                button.clicked.connect(lambda _=False, c=reason["code"]: self.flow.toggle_reason(c))
                self.chips.addWidget(button, index // 4, index % 4)
                self.chip_buttons[reason["code"]] = button
        for reason in shown:
            button = self.chip_buttons[reason["code"]]
            button.setText(reason["label_en" if self.english else "label_zh"])
            button.setChecked(reason["code"] in self.flow.chosen)
