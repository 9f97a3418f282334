"""The screens, few and fast: the frame re-translates everything at once, elder mode enlarges, every target
is at least 60 px, the ticket number is the hero, an unavailable service is muted with its reason in words."""

from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton

from hardware.qr import decode_qr

from kiosk.flows import Screen, TicketStage
from kiosk.ui.base import ScreenContext
from kiosk.ui.texts import Words
from kiosk.ui.window import KioskWindow
from qtkit import Language


@pytest.fixture
def window(qtbot, session_factory, translations):  # type: ignore[no-untyped-def]
    session = session_factory()
    built = KioskWindow(ScreenContext(session, Words(Language.ZH_CN), camera_available=True), exit_pin="2580")
    qtbot.addWidget(built)
    built.resize(1080, 1920)
    built.show()
    qtbot.waitExposed(built)
    yield built
    built.close()
    shiboken6.delete(built)


def qr_text(pixmap) -> str:  # type: ignore[no-untyped-def]
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    (found,) = decode_qr(np.ascontiguousarray(pixels[:, : image.width()]))
    return found.payload


def visible_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    children = [*widget.findChildren(QLabel), *widget.findChildren(QPushButton)]
    return [child.text() for child in children if child.isVisibleTo(widget) and child.text()]


def test_the_language_switch_changes_every_text_at_once(qtbot, window) -> None:
    session = window.context.session
    session.navigator.go(Screen.SERVICES)
    chinese = visible_texts(window)
    assert "请选择业务" in chinese and "返回" in chinese and "English" in chinese
    window.language_button.click()
    english = visible_texts(window)
    assert "Choose a service" in english and "Back" in english and "中文" in english
    assert not [text for text in english if any("\u4e00" <= ch <= "\u9fff" for ch in text) and text != "中文"]


def test_every_button_is_a_large_target(qtbot, window) -> None:
    session = window.context.session
    for screen in (Screen.HOME, Screen.SERVICES, Screen.CHECKIN, Screen.GUIDE):
        session.navigator.go(screen)
        qtbot.wait(1)  # one turn of the event loop: layouts settle
        small = [(screen, b.text(), b.size().toTuple()) for b in window.findChildren(QPushButton)
                 if b.isVisibleTo(window) and (b.width() < 60 or b.height() < 60)]
        assert small == []


def test_elder_mode_enlarges_the_text_and_shows_fewer_services(qtbot, window) -> None:
    session = window.context.session
    session.navigator.go(Screen.SERVICES)
    heading = window.screens[Screen.SERVICES].heading
    regular = heading.fontInfo().pixelSize()
    window.elder_button.click()
    assert session.elder_mode
    assert heading.fontInfo().pixelSize() >= regular * 1.25
    assert len(window.screens[Screen.SERVICES].service_buttons) <= 4


def test_the_ticket_number_is_the_largest_thing_and_the_qr_code_is_there(qtbot, window) -> None:
    session = window.context.session
    session.navigator.go(Screen.SERVICES)
    screen = window.screens[Screen.TICKET]
    session.choose_service("cash")
    qtbot.waitUntil(lambda: session.ticket.stage is TicketStage.PRINT_FAILED, timeout=15_000)
    assert screen.number.text() == session.ticket.ticket.number
    for label in screen.findChildren(QLabel):
        label.ensurePolished()  # the style sheet applies when a new label is first shown
    assert screen.number.fontInfo().pixelSize() >= 180
    assert max(label.fontInfo().pixelSize() for label in screen.findChildren(QLabel)) == screen.number.fontInfo().pixelSize()
    assert qr_text(screen.qr.pixmap()) == session.ticket.ticket.status_url  # a phone reads the ticket's page
    qtbot.waitUntil(lambda: "扫码查看排队进度" in visible_texts(screen), timeout=2000)
    assert any("打印机" in text for text in visible_texts(screen))  # no printer: said in words


def test_a_service_without_an_open_counter_is_muted_and_says_why(qtbot, window) -> None:
    session = window.context.session
    session.navigator.go(Screen.SERVICES)
    screen = window.screens[Screen.SERVICES]
    screen._choose_category(next(c["code"] for c in session.menu.categories() if any(
        s.code == "loans" for s in session.menu.services_in(c["code"]))))
    card = screen.service_buttons["loans"]
    assert not card.isEnabled()
    qtbot.waitUntil(lambda: any("暂停办理" in text for text in visible_texts(card)), timeout=2000)


def test_a_check_in_refusal_is_explained_with_the_next_step(qtbot, window) -> None:
    session = window.context.session
    session.navigator.go(Screen.CHECKIN)
    for key in "ZZZZ22":
        session.checkin.type_key(key)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000):
        window.screens[Screen.CHECKIN].submit.click()
    screen = window.screens[Screen.CHECKIN]
    qtbot.waitUntil(lambda: "未找到您今天的预约" in visible_texts(screen), timeout=2000)
    assert any("普通取号" in text for text in visible_texts(screen))
