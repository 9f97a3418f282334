"""The kiosk's configuration: a TOML file given with `branchq-kiosk --config FILE`, or `KioskConfig.demo()`.

    [server]
    url = "https://branchq.example.com"   # http:// or https://
    branch = "sh-njxl"                    # the branch code

    [device]
    username = "kiosk-1"                  # the kiosk's device account
    password_file = "/etc/branchq/kiosk-1.password"   # or: password = "..."

    [printer]
    url = "tcp://192.168.1.50:9100"       # see hardware/printer/backends.py; "dummy://" prints nowhere

    [camera]
    source = "0"                          # camera index, video file or image folder; "" for no camera

    [display]
    language = "zh-CN"                    # zh-CN (default) or en (zh_CN is understood too)
    orientation = "portrait"              # portrait (1080x1920) or landscape (1920x1080)
    elder_mode = false                    # start in elder mode (larger text, fewer items)
    voice = "elder"                       # voice guidance: "elder" (in elder mode), "always" or "off"

    [cache]
    folder = "/var/cache/branchq-kiosk"   # where the last menu is kept, so the guide shows while the
                                          # server is away, even right after a restart (default: the
                                          # user's cache folder, ~/.cache/branchq-kiosk)

    [staff]
    exit_pin = "2580"                     # 4 to 8 digits; leaves full screen

Only `[server]`, `[device]` and `[staff]` are required; a mistyped key is an error, not silently ignored.
Every problem is a `KioskConfigError` that names the file and the key, in Chinese and in English, since
it is shown before the kiosk's language is known.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from qtkit.i18n import Language

DEMO_SERVER_URL = "http://127.0.0.1:8000"
DEMO_BRANCH = "demo"
DEMO_DEVICE = "kiosk-1"
DEMO_EXIT_PIN = "0000"
PRINTER_SCHEMES = frozenset({"tcp", "serial", "usb", "file", "dummy"})


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


class VoiceGuidance(StrEnum):
    """When the kiosk reads each screen's sentence aloud (the screen always says it too)."""

    ELDER = "elder"    # in elder mode only (the default)
    ALWAYS = "always"  # for every customer
    OFF = "off"        # never (a branch where the kiosk must stay silent)

    def speaks(self, elder_mode: bool) -> bool:
        return self is VoiceGuidance.ALWAYS or (self is VoiceGuidance.ELDER and elder_mode)


def default_cache_folder() -> Path:
    """`$XDG_CACHE_HOME/branchq-kiosk`, else `~/.cache/branchq-kiosk`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "branchq-kiosk"


_MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable": ("无法读取配置文件 {path}：{detail}", "cannot read the configuration file {path}: {detail}"),
    "syntax": ("配置文件 {path} 不是有效的 TOML：{detail}", "{path} is not valid TOML: {detail}"),
    "missing": ("配置文件 {path} 缺少 {key}", "{path} lacks {key}"),
    "unknown": ("配置文件 {path} 中有未知的设置 {key}", "{path} has an unknown setting {key}"),
    "type": ("{path} 中的 {key} 应为{expected_zh}", "{key} in {path} must be {expected_en}"),
    "server_url": (
        "{path} 中的 {key} 应以 http:// 或 https:// 开头，例如 https://branchq.example.com",
        "{key} in {path} must start with http:// or https://, e.g. https://branchq.example.com",
    ),
    "printer_url": (
        "{path} 中的打印机地址 {key} 无法识别，应为 tcp://、serial://、usb://、file:// 或 dummy://",
        "the printer address {key} in {path} is not one of tcp://, serial://, usb://, file://, dummy://",
    ),
    "choice": ("{path} 中的 {key} 只能是 {choices}", "{key} in {path} must be one of {choices}"),
    "password": (
        "{path} 的 [device] 需要 password 或 password_file 之一（只能一个）",
        "[device] in {path} needs exactly one of password and password_file",
    ),
    "password_file": (
        "无法读取密码文件 {file}（{path} 中的 device.password_file）：{detail}",
        "cannot read the password file {file} (device.password_file in {path}): {detail}",
    ),
    "pin": ("{path} 中的 {key} 应为 4 到 8 位数字", "{key} in {path} must be 4 to 8 digits"),
    "demo_password": (
        "演示模式需要演示账户的密码：请设置环境变量 BRANCHQ_DEMO_PASSWORD（与演示服务器相同）",
        "the demo needs the demo accounts' password: set BRANCHQ_DEMO_PASSWORD as for the demo server",
    ),
}

_TYPES = {str: ("文字", "text"), bool: ("true 或 false", "true or false")}


class KioskConfigError(ValueError):
    """A configuration file the kiosk cannot use.

    Attributes:
        code: what is wrong (a key of this module's messages), for tests and logs.
        params: the values in the message (path, key ...).
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(self.text(Language.EN))

    def text(self, language: Language | str) -> str:
        """The message in one language."""
        chinese, english = _MESSAGES[self.code]
        return (chinese if str(language).replace("-", "_") == Language.ZH_CN.value else english).format(**self.params)

    def bilingual(self) -> str:
        """Chinese, then English on the next line: what the kiosk prints when it cannot start."""
        return f"{self.text(Language.ZH_CN)}\n{self.text(Language.EN)}"


@dataclass(frozen=True, slots=True)
class KioskConfig:
    """Everything a kiosk needs to know about its place in the branch.

    Attributes:
        server_url: the queue server, without a trailing slash.
        branch: the branch code the kiosk serves.
        device_username / device_password: the kiosk's device account.
        printer_url: the ticket printer (`hardware.printer.open_printer`).
        camera_source: a camera index, video file or image folder; None when the kiosk has no camera.
        language: the language the kiosk starts in (and returns to when idle).
        orientation: how the screen is mounted.
        elder_mode: whether the kiosk starts in elder mode.
        voice: when the kiosk speaks (`VoiceGuidance`).
        cache_folder: where the last menu is kept for the guide while the server is away (None: nowhere).
        exit_pin: the staff PIN that leaves full screen.
        source: the file it was read from (None for the demo).
    """

    server_url: str
    branch: str
    device_username: str
    device_password: str = field(repr=False)
    exit_pin: str = field(repr=False)
    printer_url: str = "dummy://"
    camera_source: str | None = None
    language: Language = Language.ZH_CN
    orientation: Orientation = Orientation.PORTRAIT
    elder_mode: bool = False
    voice: VoiceGuidance = VoiceGuidance.ELDER
    cache_folder: Path | None = field(default_factory=default_cache_folder)
    source: Path | None = None

    @classmethod
    def load(cls, path: str | Path) -> KioskConfig:
        """Read and check a configuration file; `KioskConfigError` says what is wrong, where."""
        path = Path(path)
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise KioskConfigError("unreadable", path=path, detail=error.strerror or error) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise KioskConfigError("syntax", path=path, detail=error) from None
        return _Reader(path, document).config()

    @classmethod
    def demo(
        cls,
        server_url: str = DEMO_SERVER_URL,
        password: str | None = None,
        camera_source: str | None = None,
        printer_url: str = "dummy://",
    ) -> KioskConfig:
        """The demo kiosk: the demo branch's `kiosk-1` on a local demo server, printing nowhere.

        The password is the demo server's (`BRANCHQ_DEMO_PASSWORD`) unless given.
        """
        password = password or os.environ.get("BRANCHQ_DEMO_PASSWORD")
        if not password:
            raise KioskConfigError("demo_password")
        return cls(
            server_url=server_url.rstrip("/"),
            branch=DEMO_BRANCH,
            device_username=DEMO_DEVICE,
            device_password=password,
            exit_pin=DEMO_EXIT_PIN,
            printer_url=printer_url,
            camera_source=camera_source,
        )


_SECTIONS: dict[str, dict[str, type]] = {
    "server": {"url": str, "branch": str},
    "device": {"username": str, "password": str, "password_file": str},
    "printer": {"url": str},
    "camera": {"source": str},
    "display": {"language": str, "orientation": str, "elder_mode": bool, "voice": str},
    "cache": {"folder": str},
    "staff": {"exit_pin": str},
}
_REQUIRED = ("server.url", "server.branch", "device.username", "staff.exit_pin")


class _Reader:
    """Checks one parsed file, key by key, so each error names its key."""

    def __init__(self, path: Path, document: dict[str, Any]) -> None:
        self.path = path
        self.document = document
        self._check_keys()

    def _check_keys(self) -> None:
        for section, values in self.document.items():
            if section not in _SECTIONS or not isinstance(values, dict):
                raise KioskConfigError("unknown", path=self.path, key=f"[{section}]")
            for key, value in values.items():
                expected = _SECTIONS[section].get(key)
                if expected is None:
                    raise KioskConfigError("unknown", path=self.path, key=f"{section}.{key}")
                if not isinstance(value, expected):
                    zh, en = _TYPES[expected]
                    raise KioskConfigError(
                        "type", path=self.path, key=f"{section}.{key}", expected_zh=zh, expected_en=en
                    )
        for dotted in _REQUIRED:
            if not self.get(dotted, "").strip():
                raise KioskConfigError("missing", path=self.path, key=dotted)

    def get(self, dotted: str, default: Any = None) -> Any:
        section, key = dotted.split(".")
        return self.document.get(section, {}).get(key, default)

    def config(self) -> KioskConfig:
        return KioskConfig(
            server_url=self._server_url(),
            branch=self.get("server.branch").strip(),
            device_username=self.get("device.username").strip(),
            device_password=self._password(),
            exit_pin=self._pin(),
            printer_url=self._printer_url(),
            camera_source=self.get("camera.source", "").strip() or None,
            language=self._language(),
            orientation=self._choice("display.orientation", Orientation, Orientation.PORTRAIT),
            elder_mode=self.get("display.elder_mode", False),
            voice=self._choice("display.voice", VoiceGuidance, VoiceGuidance.ELDER),
            cache_folder=self._cache_folder(),
            source=self.path,
        )

    def _server_url(self) -> str:
        url = self.get("server.url").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KioskConfigError("server_url", path=self.path, key="server.url")
        return url.rstrip("/")

    def _printer_url(self) -> str:
        url = self.get("printer.url", "dummy://").strip()
        if urlsplit(url).scheme not in PRINTER_SCHEMES:
            raise KioskConfigError("printer_url", path=self.path, key="printer.url")
        return url

    def _password(self) -> str:
        inline, file = self.get("device.password"), self.get("device.password_file")
        if (inline is None) == (file is None):
            raise KioskConfigError("password", path=self.path)
        if inline is not None:
            return inline
        password_path = (self.path.parent / Path(file).expanduser()).resolve()
        try:
            password = password_path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise KioskConfigError(
                "password_file", path=self.path, file=password_path, detail=error.strerror or error
            ) from None
        if not password:
            raise KioskConfigError("missing", path=self.path, key=f"device.password_file ({password_path})")
        return password

    def _cache_folder(self) -> Path:
        folder = self.get("cache.folder", "").strip()
        return (self.path.parent / Path(folder).expanduser()).resolve() if folder else default_cache_folder()

    def _pin(self) -> str:
        pin = self.get("staff.exit_pin").strip()
        if not re.fullmatch(r"[0-9]{4,8}", pin):
            raise KioskConfigError("pin", path=self.path, key="staff.exit_pin")
        return pin

    def _language(self) -> Language:
        """The language as people write it (zh-CN) or as Qt names it (zh_CN)."""
        written = self.get("display.language")
        if written is None:
            return Language.ZH_CN
        for language in Language:
            if written.strip().replace("-", "_").lower() == language.value.lower():
                return language
        raise KioskConfigError("choice", path=self.path, key="display.language", choices="zh-CN, en")

    def _choice(self, dotted: str, kind: type[StrEnum], default: StrEnum) -> Any:
        value = self.get(dotted)
        if value is None:
            return default
        try:
            return kind(value.strip())
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise KioskConfigError("choice", path=self.path, key=dotted, choices=choices) from None
