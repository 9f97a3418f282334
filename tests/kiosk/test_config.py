"""The kiosk's configuration file: what it holds, and errors that name the key in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import KioskConfig, KioskConfigError, Language, Orientation, VoiceGuidance

FULL = """
[server]
url = "https://branchq.example.com/"
branch = "sh-njxl"

[device]
username = "kiosk-3"
password_file = "kiosk.password"

[printer]
url = "tcp://192.168.1.50:9100"

[camera]
source = "0"

[display]
language = "en"
orientation = "landscape"
elder_mode = true
voice = "always"

[cache]
folder = "cache"

[staff]
exit_pin = "2580"
"""

MINIMAL = """
[server]
url = "http://127.0.0.1:8000"
branch = "demo"
[device]
username = "kiosk-1"
password = "secret"
[staff]
exit_pin = "1234"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_file_is_read_with_the_password_from_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "kiosk.password").write_text("s3cret-pass\n", encoding="utf-8")
    config = KioskConfig.load(write(tmp_path, FULL))
    assert config.server_url == "https://branchq.example.com"
    assert (config.branch, config.device_username, config.device_password) == ("sh-njxl", "kiosk-3", "s3cret-pass")
    assert config.printer_url == "tcp://192.168.1.50:9100" and config.camera_source == "0"
    assert config.language is Language.EN and config.orientation is Orientation.LANDSCAPE
    assert config.elder_mode is True and config.exit_pin == "2580"
    assert config.voice is VoiceGuidance.ALWAYS and config.cache_folder == tmp_path.resolve() / "cache"
    assert "s3cret" not in repr(config) and "2580" not in repr(config)


def test_a_minimal_file_takes_the_defaults(tmp_path: Path) -> None:
    config = KioskConfig.load(write(tmp_path, MINIMAL))
    assert config.printer_url == "dummy://" and config.camera_source is None
    assert config.language is Language.ZH_CN and config.orientation is Orientation.PORTRAIT
    assert config.elder_mode is False and config.voice is VoiceGuidance.ELDER
    assert config.cache_folder is not None and config.cache_folder.name == "branchq-kiosk"


@pytest.mark.parametrize(
    ("change", "code", "named"),
    [
        (lambda text: text.replace('branch = "demo"', 'brnach = "demo"'), "unknown", "server.brnach"),
        (lambda text: text.replace('exit_pin = "1234"', 'exit_pin = "12a4"'), "pin", "staff.exit_pin"),
        (lambda text: text.replace('exit_pin = "1234"', "exit_pin = 1234"), "type", "staff.exit_pin"),
        (lambda text: text.replace("http://127", "ftp://127"), "server_url", "server.url"),
        (lambda text: text.replace('username = "kiosk-1"\n', ""), "missing", "device.username"),
        (lambda text: text + '[printer]\nurl = "lpt1"\n', "printer_url", "printer.url"),
        (lambda text: text + '[display]\norientation = "sideways"\n', "choice", "display.orientation"),
        (lambda text: text + '[display]\nlanguage = "fr"\n', "choice", "display.language"),
        (lambda text: text + '[display]\nvoice = "loud"\n', "choice", "display.voice"),
        (lambda text: text + "[extras]\n", "unknown", "[extras]"),
    ],
)
def test_a_bad_setting_is_named_in_chinese_and_english(tmp_path: Path, change, code: str, named: str) -> None:
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.load(write(tmp_path, change(MINIMAL)))
    error = caught.value
    assert error.code == code
    chinese, english = error.bilingual().split("\n")
    assert named in chinese and named in english and str(error) == english
    assert any("\u4e00" <= character <= "\u9fff" for character in chinese)


def test_a_broken_file_says_where(tmp_path: Path) -> None:
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.load(write(tmp_path, "[server\nurl = 1"))
    assert caught.value.code == "syntax" and "kiosk.toml" in caught.value.text(Language.ZH_CN)
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.load(tmp_path / "absent.toml")
    assert caught.value.code == "unreadable" and "absent.toml" in str(caught.value)


def test_the_password_comes_from_exactly_one_place(tmp_path: Path) -> None:
    both = MINIMAL.replace('password = "secret"', 'password = "secret"\npassword_file = "p"')
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.load(write(tmp_path, both))
    assert caught.value.code == "password"
    missing_file = MINIMAL.replace('password = "secret"', 'password_file = "nowhere.password"')
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.load(write(tmp_path, missing_file))
    assert caught.value.code == "password_file" and "nowhere.password" in str(caught.value)


def test_the_demo_uses_the_demo_servers_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHQ_DEMO_PASSWORD", "from-the-environment")
    config = KioskConfig.demo(camera_source="/tmp/frames")
    assert (config.branch, config.device_username) == ("demo", "kiosk-1")
    assert config.device_password == "from-the-environment" and config.printer_url == "dummy://"
    monkeypatch.delenv("BRANCHQ_DEMO_PASSWORD")
    with pytest.raises(KioskConfigError) as caught:
        KioskConfig.demo()
    assert caught.value.code == "demo_password" and "BRANCHQ_DEMO_PASSWORD" in caught.value.bilingual()
