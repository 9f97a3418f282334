"""The kiosk put together from a configuration file, against the live server: it comes up on Home, online,
with its menu, and tells the server its printer is fine; a bad file is refused in words, in both languages."""

from __future__ import annotations

from pathlib import Path

import shiboken6

from kiosk.app import build_kiosk
from kiosk.cli import main
from kiosk.config import KioskConfig
from kiosk.flows import Connection, Screen


def write_config(path: Path, server_url: str, password: str) -> Path:
    path.write_text(f"""
[server]
url = "{server_url}"
branch = "demo"

[device]
username = "kiosk-1"
password = "{password}"

[printer]
url = "dummy://"

[display]
language = "en"
orientation = "landscape"

[cache]
folder = "cache"

[staff]
exit_pin = "2580"
""", encoding="utf-8")
    return path


def test_the_configured_kiosk_comes_up_on_home_online(qtbot, tmp_path, live_server, open_counters) -> None:
    config = KioskConfig.load(write_config(tmp_path / "kiosk.toml", live_server.base_url,
                                           live_server.accounts.password))
    kiosk = build_kiosk(config, start_devices=False)  # as `branchq-kiosk` does: the devices after Home
    try:
        qtbot.addWidget(kiosk.window)
        with qtbot.waitSignal(kiosk.session.menu.changed, timeout=15_000):
            kiosk.start()
        assert kiosk.session.connection.state is Connection.ONLINE
        assert kiosk.session.navigator.screen is Screen.HOME
        assert kiosk.window.width() > kiosk.window.height()  # landscape, as configured
        assert kiosk.window.language_button.text() == "中文"  # English first, as configured
        health = kiosk.devices[-1]
        qtbot.waitUntil(lambda: health.delivered.get("printer") == "ok", timeout=15_000)  # the printer started
        assert (tmp_path / "cache" / "menu-demo.json").exists()  # the guide for a later start without server
    finally:
        kiosk.stop()
        shiboken6.delete(kiosk.session)


def test_a_bad_configuration_is_refused_in_both_languages(tmp_path, capsys) -> None:
    broken = tmp_path / "kiosk.toml"
    broken.write_text("[server]\nurl = 'ftp://nowhere'\n", encoding="utf-8")
    assert main(["--config", str(broken)]) == 2
    message = capsys.readouterr().err
    assert "配置文件" in message and "kiosk.toml" in message
