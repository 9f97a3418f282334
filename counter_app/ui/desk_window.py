"""The teller's window: sign-in, then the desk (state band, customer card, queue at a glance, action bar).

Passive: it draws `CounterDesk` and `FloorView` and passes clicks and keys on; the flows decide.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.flows import Action, CounterDesk, DeskState, FloorView
from counter_app.ui import words
from counter_app.ui.style import state_colour
from qtkit import Colours

__all__ = ["DeskWindow", "SignInPanel"]

KEYS = {
    Action.CALL_NEXT: "F1", Action.RECALL: "F2", Action.START: "F3", Action.FINISH: "F4",
    Action.TRANSFER: "F5", Action.NO_SHOW: "F6", Action.PAUSE: "F8",
}


def _label(text: str = "", role: str | None = None) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(True)
    return label


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 16)
    return frame, layout


class SignInPanel(QWidget):
    """Staff account, password, branch and counter number.

    Signals:
        submitted(str, str, str, int): username, password, branch code, counter number.
    """

    submitted = Signal(str, str, str, int)

    def __init__(self, branch: str, counter_number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk")
        outer = QVBoxLayout(self)
        frame, layout = _card()
        frame.setFixedWidth(640)
        self.heading = _label("", "heading")
        form = QFormLayout()
        self.username, self.password, self.branch = QLineEdit(), QLineEdit(), QLineEdit(branch)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.counter = QSpinBox()
        self.counter.setRange(1, 9999)
        self.counter.setValue(counter_number)
        self.labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        for label, field in zip(self.labels, (self.username, self.password, self.branch, self.counter), strict=True):
            form.addRow(label, field)
        self.problem = _label("", "problem")
        self.button = QPushButton()
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.button)
        outer.addWidget(frame, alignment=Qt.AlignmentFlag.AlignCenter)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Sign in to your counter"))
        for label, text in zip(self.labels, (self.tr("Staff account"), self.tr("Password"), self.tr("Branch"),
                                             self.tr("Counter")), strict=True):
            label.setText(text)
        self.button.setText(self.tr("Sign in and open the counter"))

    def _submit(self) -> None:
        self.problem.clear()
        self.submitted.emit(self.username.text().strip(), self.password.text(), self.branch.text().strip(),
                            self.counter.value())


class CustomerCard(QFrame):
    """The current customer: number, service, waited, channel, tier, documents, appointment, notes, why called."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        self.number = _label("", "number")
        self.service = _label("", "heading")
        self.facts = _label()
        self.recalls = _label()
        self.documents = _label()
        self.appointment = _label()
        self.notes = _label()
        self.reason = _label("", "muted")
        for widget in (self.number, self.service, self.facts, self.recalls, self.documents, self.appointment,
                       self.notes, self.reason):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_desk(self, desk: CounterDesk, floor: FloorView, english: bool, now: datetime) -> None:
        ticket = desk.ticket
        if ticket is None:
            self.number.setText("—")
            self.service.setText(self.tr("No customer at the counter"))
            for label in (self.facts, self.recalls, self.documents, self.appointment, self.notes, self.reason):
                label.clear()
            return
        raw = ticket.raw
        self.number.setText(ticket.number)
        name = raw["service"]["name_en" if english else "name_zh"]
        self.service.setText(name)
        waited = (datetime.fromisoformat(ticket.called_at) if ticket.called_at else now) - datetime.fromisoformat(
            ticket.arrived_at or raw["issued_at"])
        self.facts.setText(self.tr("Waited %1 · %2 · %3").replace("%1", words.minutes(waited.total_seconds()))
                           .replace("%2", words.channel_word(ticket.channel)).replace("%3", words.tier_word(ticket.priority)))
        self.recalls.setText(self.tr("Recalls: %1 of %2").replace("%1", str(ticket.recall_count))
                             .replace("%2", str(desk.max_recalls)))
        docs = floor.documents.get(ticket.service.code, ((), ()))[1 if english else 0]
        self.documents.setText(self.tr("Documents: %1").replace("%1", "；".join(docs)) if docs else "")
        slot = raw.get("appointment_slot_start")
        self.appointment.setText(
            self.tr("Appointment at %1").replace("%1", datetime.fromisoformat(slot).astimezone().strftime("%H:%M"))
            if slot else "")
        notes = raw.get("notes") or []
        self.notes.setText(self.tr("Notes: %1").replace("%1", " / ".join(notes)) if notes else "")
        facts = raw.get("call_facts") or {}
        reason = raw.get("call_reason")
        if reason == "chosen":
            why = self.tr("chosen by %1: %2").replace("%1", str(facts.get("chosen_by", ""))).replace(
                "%2", str(facts.get("why", "")))
        elif reason:
            # the policy's explanation is written by the server in English; Chinese screens name the policy
            why = reason if english else self.tr("next in line by the branch's calling policy")
        else:
            why = ""
        self.reason.setText(self.tr("Why called: %1").replace("%1", why) if why else "")
        self.reason.setToolTip(reason or "")


class FloorPanel(QFrame):
    """The queue at a glance (waiting, longest wait vs target, estimate), the other counters, my day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        self.heading = _label("", "heading")
        self.lines = QTableWidget(0, 4)
        self.lines.verticalHeader().setVisible(False)
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counters_heading = _label("", "heading")
        self.counters = _label()
        self.day_heading = _label("", "heading")
        self.day = _label()
        for widget in (self.heading, self.lines, self.counters_heading, self.counters, self.day_heading, self.day):
            layout.addWidget(widget)

    def show_floor(self, floor: FloorView, english: bool, own_number: int | None) -> None:
        self.heading.setText(self.tr("Waiting now"))
        self.lines.setHorizontalHeaderLabels(
            [self.tr("Service"), self.tr("Waiting"), self.tr("Longest / target"), self.tr("Estimate")])
        self.lines.setRowCount(len(floor.lines))
        for row, line in enumerate(floor.lines):
            longest = f"{words.minutes(line.longest_wait_s)} / {line.target_wait_s // 60}:00"
            if line.over_target:
                longest = "⚠ " + longest
            cells = (line.name_en if english else line.name_zh, str(line.waiting), longest,
                     words.minutes(line.estimated_wait_s))
            for column, text in enumerate(cells):
                self.lines.setItem(row, column, QTableWidgetItem(text))
        self.lines.resizeColumnsToContents()
        self.counters_heading.setText(self.tr("Counters"))
        lines = []
        for row in floor.counters:
            name = self.tr("Counter %1").replace("%1", str(row.number))
            ticket = f" · {row.ticket_number}" if row.ticket_number else ""
            mine = "▶ " if row.number == own_number else ""
            lines.append(f"{mine}{name}: {words.counter_state_word(row.state)}{ticket}")
        self.counters.setText("\n".join(lines))
        self.day_heading.setText(self.tr("My day"))
        day = floor.my_day
        if day:
            ratings = day.get("ratings", {})
            mean = ratings.get("mean")
            self.day.setText(
                self.tr("Served %1 · average service %2 · ratings %3 (average %4)")
                .replace("%1", str(day.get("served", 0))).replace("%2", words.minutes(day.get("mean_service_s")))
                .replace("%3", str(ratings.get("count", 0))).replace("%4", "–" if mean is None else f"{mean:.1f}"))


class DeskWindow(QMainWindow):
    """The teller's workstation window.

    Signals:
        language_toggled(): the teller asked for the other language.
    """

    language_toggled = Signal()

    def __init__(self, desk: CounterDesk, floor: FloorView, colours: Colours, branch: str, counter_number: int,
                 english: bool = False) -> None:
        super().__init__()
        self.desk, self.floor, self.colours, self.english = desk, floor, colours, english
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.sign_in = SignInPanel(branch, counter_number)
        self.sign_in.submitted.connect(desk.sign_in)
        self.stack.addWidget(self.sign_in)
        self.stack.addWidget(self._build_desk())
        desk.changed.connect(self.redraw)
        desk.refused.connect(self._refused)
        desk.signed_in.connect(self.redraw)
        floor.changed.connect(self.redraw)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._draw_band)
        self._tick.start()
        self.resize(1920, 1080)
        self.retranslate()

    # -- building --------------------------------------------------------------------------------------

    def _build_desk(self) -> QWidget:
        page = QWidget()
        page.setObjectName("desk")
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.band = QLabel()
        self.band.setObjectName("state")
        self.who = _label("", "heading")
        self.connection = _label("", "problem")
        self.language = QPushButton()
        self.language.clicked.connect(self.language_toggled.emit)
        top.addWidget(self.band, 2)
        top.addWidget(self.who, 2)
        top.addWidget(self.connection, 2)
        top.addWidget(self.language)
        layout.addLayout(top)
        self.message = _label("", "problem")
        layout.addWidget(self.message)
        middle = QHBoxLayout()
        self.card = CustomerCard()
        self.floor_panel = FloorPanel()
        middle.addWidget(self.card, 3)
        middle.addWidget(self.floor_panel, 2)
        layout.addLayout(middle, 1)
        layout.addLayout(self._build_options())
        layout.addLayout(self._build_actions())
        return page

    def _build_options(self) -> QGridLayout:
        grid = QGridLayout()
        self.outcome, self.pause_reason = QComboBox(), QComboBox()
        self.transfer_service, self.transfer_counter, self.note = QComboBox(), QComboBox(), QLineEdit()
        self.option_labels = [QLabel() for _ in range(4)]
        for column, (label, widget) in enumerate(zip(
            self.option_labels, (self.outcome, self.pause_reason, self.transfer_service, self.note), strict=True,
        )):
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        grid.addWidget(self.transfer_counter, 1, 4)
        return grid

    def _build_actions(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.buttons: dict[Action, QPushButton] = {}
        handlers = {
            Action.CALL_NEXT: self.desk.call_next, Action.RECALL: self.desk.recall, Action.START: self.desk.start,
            Action.FINISH: lambda: self.desk.finish(self.outcome.currentData() or "done"),
            Action.TRANSFER: self._transfer, Action.NO_SHOW: self.desk.no_show, Action.PAUSE: self._pause_or_resume,
            Action.CLOSE: self.desk.close_counter,
        }
        for action, handler in handlers.items():
            button = QPushButton()
            button.clicked.connect(handler)
            if action is Action.CALL_NEXT:
                button.setProperty("role", "primary")
            if action in KEYS:
                QShortcut(QKeySequence(KEYS[action]), self, activated=button.click)
            bar.addWidget(button)
            self.buttons[action] = button
        return bar

    # -- input -----------------------------------------------------------------------------------------

    def _pause_or_resume(self) -> None:
        if self.desk.state is DeskState.PAUSED:
            self.desk.resume()
        else:
            self.desk.pause(self.pause_reason.currentData() or "break")

    def _transfer(self) -> None:
        service = self.transfer_service.currentData()
        counter_id = self.transfer_counter.currentData()
        self.desk.transfer(service=service, counter_id=counter_id, note=self.note.text().strip())
        self.note.clear()

    def _refused(self, message: str) -> None:
        if self.stack.currentIndex() == 0:
            self.sign_in.problem.setText(message)
        self.message.setText(message)

    # -- drawing ---------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("BranchQ counter"))
        self.sign_in.retranslate()
        self.language.setText("English" if not self.english else "中文")
        for label, text in zip(self.option_labels, (self.tr("Finish as"), self.tr("Pause for"),
                                                    self.tr("Transfer to"), self.tr("Note for the next counter")),
                               strict=True):
            label.setText(text)
        self._fill(self.outcome, words.outcome_words())
        self._fill(self.pause_reason, words.pause_words())
        self.redraw()

    @staticmethod
    def _fill(box: QComboBox, items: list[tuple[str, str]]) -> None:
        current = box.currentData()
        box.clear()
        for value, text in items:
            box.addItem(text, value)
        if current is not None:
            box.setCurrentIndex(max(0, box.findData(current)))

    def _action_text(self, action: Action) -> str:
        names = {
            Action.CALL_NEXT: self.tr("Call next"), Action.RECALL: self.tr("Recall"),
            Action.START: self.tr("Start"), Action.FINISH: self.tr("Finish"), Action.TRANSFER: self.tr("Transfer"),
            Action.NO_SHOW: self.tr("No-show"),
            Action.PAUSE: self.tr("Resume") if self.desk.state is DeskState.PAUSED else self.tr("Pause"),
            Action.CLOSE: self.tr("Close counter"),
        }
        text = names[action]
        if action is Action.RECALL and self.desk.ticket is not None:
            text += f" ({self.desk.ticket.recall_count}/{self.desk.max_recalls})"
        return f"{KEYS[action]}  {text}" if action in KEYS else text

    def redraw(self) -> None:
        desk = self.desk
        self.stack.setCurrentIndex(0 if desk.state is DeskState.SIGNED_OUT else 1)
        if desk.state is DeskState.SIGNED_OUT:
            return
        self.who.setText(self.tr("Counter %1 · %2").replace("%1", str(desk.counter_number))
                         .replace("%2", desk.teller_name))
        self.connection.setText("" if desk.online else self.tr("Connection lost: reconnecting…"))
        for action, button in self.buttons.items():
            legality = desk.legal(Action.RESUME if action is Action.PAUSE and desk.state is DeskState.PAUSED
                                  else action)
            button.setText(self._action_text(action))
            button.setEnabled(legality.allowed)
            button.setToolTip(words.why_word(legality.why))
        self._fill_transfer_targets()
        self.card.show_desk(desk, self.floor, self.english, datetime.now(UTC))
        self.floor_panel.show_floor(self.floor, self.english, desk.counter_number)
        self._draw_band()

    def _fill_transfer_targets(self) -> None:
        services = [(line.code, line.name_en if self.english else line.name_zh) for line in self.floor.lines]
        if [self.transfer_service.itemData(i) for i in range(self.transfer_service.count())] != [None] + [
                code for code, _ in services]:
            self._fill(self.transfer_service, [(None, self.tr("Same service")), *services])  # type: ignore[list-item]
        others = [row for row in self.floor.counters
                  if row.number != self.desk.counter_number and row.state != "closed"]
        wanted = [None] + [row.counter_id for row in others]
        if [self.transfer_counter.itemData(i) for i in range(self.transfer_counter.count())] != wanted:
            self.transfer_counter.clear()
            self.transfer_counter.addItem(self.tr("Any open counter"), None)
            for row in others:
                self.transfer_counter.addItem(self.tr("Counter %1").replace("%1", str(row.number)), row.counter_id)

    def _draw_band(self) -> None:
        desk = self.desk
        background, text = state_colour(self.colours, desk.state)
        word = words.state_word(desk.state)
        if desk.state is DeskState.PAUSED and desk.pause_reason:
            word += f" · {words.pause_word(desk.pause_reason)}"
        self.band.setText(f"{word}  {words.minutes(desk.seconds_in_state())}")
        self.band.setStyleSheet(f"background: {background}; color: {text};")
