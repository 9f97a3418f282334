"""Blocking work runs off the UI thread and its outcome comes back on it; the Qt client adapter tracks
whether the server answers."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from client import ApiError, ServerUnreachable
from qtkit import QtClient, Tasks


def test_work_runs_on_a_pool_thread_and_reports_on_the_ui_thread(qtbot) -> None:
    tasks = Tasks()
    seen = {}

    def work() -> str:
        seen["worker"] = threading.get_ident()
        return "done"

    def done(result: str) -> None:
        seen["result"] = result
        seen["reported_on_ui"] = QThread.currentThread() is tasks.thread()

    tasks.run(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["worker"] != threading.get_ident()
    assert seen == {**seen, "result": "done", "reported_on_ui": True}
    assert tasks.pending == 0


def test_a_failure_reaches_on_failed_and_busy_goes_back_to_false(qtbot) -> None:
    tasks = Tasks()
    busy: list[bool] = []
    errors: list[BaseException] = []
    tasks.busy_changed.connect(busy.append)

    def work() -> None:
        raise ValueError("broken")

    tasks.run(work, on_failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)
    assert busy == [True, False]


def test_the_client_adapter_notices_an_unreachable_server_and_its_return(qtbot) -> None:
    adapter = QtClient()
    changes: list[bool] = []
    adapter.reachability_changed.connect(changes.append)

    def unreachable() -> None:
        raise ServerUnreachable("http://127.0.0.1:9", "refused")

    def refused() -> None:
        raise ApiError(404, "service.not_found", "no such service")

    adapter.call(unreachable, on_failed=lambda _: None)
    qtbot.waitUntil(lambda: changes == [False], timeout=5000)
    adapter.call(refused, on_failed=lambda _: None)  # a refusal is an answer: the server is there
    qtbot.waitUntil(lambda: changes == [False, True], timeout=5000)
    assert adapter.reachable
