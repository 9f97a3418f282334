"""The teller's window draws the desk: keys act, disabled buttons say why, the state band names the state."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from counter_app.flows import Action, DeskState, FloorView
from counter_app.ui.desk_window import DeskWindow
from qtkit import Colours
from tests.counter_app.conftest import BRANCH, settled
from tests.counter_app.test_desk import WAIT_MS, _drain


def test_keys_act_and_disabled_buttons_say_why(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller1", 1)
    floor = FloorView(desk)
    window = DeskWindow(desk, floor, Colours.load(), BRANCH, 1, english=True)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        _drain(qtbot, desk)
        window.redraw()
        finish = window.buttons[Action.FINISH]
        assert not finish.isEnabled() and finish.toolTip() == "No customer at this counter now."
        assert window.band.text().startswith("Idle")
        number = kiosk.issue_ticket(BRANCH, "account").number
        qtbot.keyClick(window, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: desk.state is DeskState.CALLED and settled(desk)(), timeout=WAIT_MS)
        assert window.card.number.text() == number and window.band.text().startswith("Called")
        assert window.buttons[Action.RECALL].text() == "F2  Recall (0/2)"
        assert window.buttons[Action.FINISH].toolTip() == "Start serving first."
        qtbot.keyClick(window, Qt.Key.Key_F3)
        qtbot.waitUntil(lambda: desk.state is DeskState.SERVING and settled(desk)(), timeout=WAIT_MS)
        assert window.buttons[Action.FINISH].isEnabled() and window.band.text().startswith("Serving")
        qtbot.keyClick(window, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: desk.state is DeskState.IDLE and settled(desk)(), timeout=WAIT_MS)
        assert window.card.number.text() == "—"
    finally:
        floor.stop()
        window.close()
        shiboken6.delete(floor)
