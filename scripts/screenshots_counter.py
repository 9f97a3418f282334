"""Save a screenshot of every counter app screen, in both languages, to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_counter.py

It starts a demo server of its own on loopback (the tests' live server), signs teller3 in at counter 3 of the
demo branch, issues a few tickets as the kiosk, and drives the real app through its flows: sign-in, idle,
called, serving (after a transfer, with its note), paused, and the customer screen's name card, called number,
rating and thanks.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget

from client import BranchQClient
from counter_app.app import build_counter
from counter_app.config import CounterConfig
from counter_app.flows import DeskState
from counter_app.ui.style import stylesheet
from qtkit import Colours, Language, compile_catalogues
from tests.support.live_server import LiveServer

OUT = ROOT / "docs" / "screenshots"


def wait_until(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the counter app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str, language: Language) -> Path:
    settle()
    path = OUT / f"counter-{name.replace('_', '-')}-{language.value}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def shoot(server: LiveServer, language: Language, kiosk: BranchQClient, helper: BranchQClient) -> None:
    config = CounterConfig(server.base_url, server.branch, 3, language)
    counter = build_counter(config)
    desk, window, customer = counter.desk, counter.window, counter.customer_window
    assert customer is not None
    window.show()
    customer.show()
    try:
        window.sign_in.username.setText("teller3")
        save(window, "sign_in", language)
        desk.sign_in("teller3", server.accounts.password, server.branch, 3)
        wait_until(lambda: desk.state is DeskState.IDLE and bool(counter.floor.lines) and not desk.busy)
        save(window, "idle", language)
        save(customer, "customer_name_card", language)
        kiosk.issue_ticket(server.branch, "cash")
        desk.call_next()
        wait_until(lambda: desk.state is DeskState.CALLED and not desk.busy)
        save(window, "called", language)
        save(customer, "customer_called", language)
        desk.start()
        wait_until(lambda: desk.state is DeskState.SERVING and not desk.busy)
        desk.finish("done")
        wait_until(lambda: desk.state is DeskState.IDLE and not desk.busy)
        wait_until(lambda: bool(counter.customer.reasons))
        counter.customer.tap_score(5)
        counter.customer.toggle_reason(next(r["code"] for r in counter.customer.reasons if r["tone"] == "praise"))
        save(customer, "customer_rating", language)
        counter.customer.submit()
        save(customer, "customer_thanks", language)
        # a customer sent here from counter 1 with a note, now served
        issued = kiosk.issue_ticket(server.branch, "fx")
        helper_counter = 1
        called = helper.call_next(helper_counter)
        assert called is not None, issued.number
        helper.transfer(called.id, service="account", counter_id=desk.counter_id, note="客户需开立账户 / opens an account")
        desk.call_next()
        wait_until(lambda: desk.state is DeskState.CALLED and not desk.busy)
        desk.start()
        wait_until(lambda: desk.state is DeskState.SERVING and not desk.busy)
        save(window, "serving", language)
        desk.finish("referred")
        wait_until(lambda: desk.state is DeskState.IDLE and not desk.busy)
        desk.pause("lunch")
        wait_until(lambda: desk.state is DeskState.PAUSED and not desk.busy)
        save(window, "paused", language)
        desk.resume()
        wait_until(lambda: desk.state is DeskState.IDLE and not desk.busy)
        desk.close_counter()
        wait_until(lambda: desk.state is DeskState.SIGNED_OUT and not desk.busy)
    finally:
        window.close()
        customer.close()
        counter.stop()


def main() -> int:
    compile_catalogues()
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(stylesheet(Colours.load()))
    server = LiveServer(Path(tempfile.mkdtemp(prefix="branchq-counter-shots-")))
    server.start()
    kiosk, helper = BranchQClient(server.base_url), BranchQClient(server.base_url)
    try:
        kiosk.login(server.accounts.kiosk, server.accounts.password)
        helper.login("teller1", server.accounts.password)
        helper.open_counter(1)
        for language in Language:
            shoot(server, language, kiosk, helper)
        helper.close_counter(1)
    finally:
        kiosk.close()
        helper.close()
        server.stop()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
