"""The kiosk as a whole, without widgets: the idle timeout forgets everything, the language switch reaches the
server's sentences too, and a server that goes away and comes back is noticed and retried by itself."""

from __future__ import annotations

import shiboken6

from client import BranchQClient
from kiosk.flows import Connection, KioskSession, Screen, SessionSettings
from qtkit import Language


def test_idle_counts_down_then_goes_home_and_forgets_everything(qtbot, session_factory, translations) -> None:
    session = session_factory(idle_s=0.3, countdown_s=2)
    session.navigator.go(Screen.CHECKIN)
    for key in "K7K":
        session.checkin.type_key(key)
    translations.set_language(Language.EN)
    session.set_elder_mode(True)
    ticks = []
    session.idle.countdown_ticked.connect(ticks.append)
    with qtbot.waitSignal(session.idle.countdown_started, timeout=3000) as started:
        pass
    assert started.args == [2]
    with qtbot.waitSignal(session.reset_done, timeout=5000):
        pass
    assert ticks == [1]
    assert session.navigator.screen is Screen.HOME
    assert session.checkin.typed_code == ""
    assert translations.language is Language.ZH_CN and not session.elder_mode


def test_a_touch_cancels_the_countdown(qtbot, session_factory) -> None:
    session = session_factory(idle_s=0.2, countdown_s=5)
    session.navigator.go(Screen.GUIDE)
    with qtbot.waitSignal(session.idle.countdown_started, timeout=3000):
        pass
    with qtbot.waitSignal(session.idle.countdown_cancelled, timeout=1000):
        session.idle.touched()
    assert session.navigator.screen is Screen.GUIDE


def test_home_does_not_count_down(session_factory) -> None:
    session = session_factory(idle_s=0.1)
    assert session.navigator.screen is Screen.HOME
    assert not session.idle.armed


def test_the_language_switch_reaches_the_servers_sentences(qtbot, session_factory, translations) -> None:
    session = session_factory()
    with qtbot.waitSignal(session.ticket.issue_failed, timeout=10_000) as chinese:
        session.ticket.take("no-such-service")
    translations.set_language(Language.EN)
    session.ticket.reset()
    with qtbot.waitSignal(session.ticket.issue_failed, timeout=10_000) as english:
        session.ticket.take("no-such-service")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.args[1])
    assert english.args[1].isascii()


def test_server_down_is_noticed_retried_and_back(qtbot, session_factory, live_server) -> None:
    session = session_factory(first_retry_s=0.2)
    assert session.connection.state is Connection.ONLINE
    with live_server.down():
        with qtbot.waitSignal(session.ticket.issue_failed, timeout=15_000) as failed:
            session.choose_service("cash")
        assert failed.args[0].value == "unreachable"
        qtbot.waitUntil(lambda: session.connection.state is Connection.OFFLINE, timeout=5000)
        assert session.menu.services is not None  # the guide still has what it needs
    with qtbot.waitSignal(session.connection.came_online, timeout=30_000):
        pass
    with qtbot.waitSignal(session.ticket.ticket_issued, timeout=15_000):
        session.ticket.retry()


def test_a_kiosk_started_while_the_server_is_away_still_has_its_guide(
    qtbot, session_factory, kiosk_settings, kiosk_client, translations, live_server, tmp_path
) -> None:
    first = session_factory(cache_folder=tmp_path)
    qtbot.waitUntil(lambda: (tmp_path / f"menu-{live_server.branch}.json").exists(), timeout=5000)
    served = sorted(service.code for service in first.menu.services.services)
    first.stop()
    settings = SessionSettings(**{**kiosk_settings.__dict__, "cache_folder": tmp_path, "first_retry_s": 0.2})
    with live_server.down():
        restarted = KioskSession(settings, BranchQClient(live_server.base_url), translations)
        try:
            restarted.start()
            qtbot.waitUntil(lambda: restarted.connection.state is Connection.OFFLINE, timeout=15_000)
            assert restarted.menu.services is None  # nothing live is pretended
            assert sorted(service.code for service in restarted.menu.guide.services) == served
            assert restarted.menu.guide.branch.name_zh
        finally:
            restarted.stop()
            shiboken6.delete(restarted)
