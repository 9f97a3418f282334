"""The counter app's configuration: a TOML file given with `branchq-counter --config FILE`.

    [server]
    url = "http://127.0.0.1:8000"     # http:// or https://
    branch = "demo"                   # the branch code

    [counter]
    number = 3                        # the counter this workstation stands at

    [display]
    language = "zh-CN"                # zh-CN (default) or en
    customer_screen = "second"        # second (a window for the screen facing the customer), same, or none

The teller signs in with their own staff account on screen; the file holds no password. A mistyped key is an
error naming the file and the key (in Chinese and English: the language is not known yet).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from qtkit.i18n import Language

__all__ = ["CounterConfig", "CounterConfigError", "CustomerScreenMode"]


class CustomerScreenMode(StrEnum):
    SECOND = "second"
    SAME = "same"
    NONE = "none"


class CounterConfigError(ValueError):
    """A problem with the configuration file, worded in Chinese and English."""


KNOWN = {"server": {"url", "branch"}, "counter": {"number"}, "display": {"language", "customer_screen"}}


@dataclass(frozen=True)
class CounterConfig:
    server_url: str
    branch: str
    counter_number: int
    language: Language = Language.ZH_CN
    customer_screen: CustomerScreenMode = CustomerScreenMode.SECOND

    @classmethod
    def load(cls, path: Path) -> CounterConfig:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise CounterConfigError(f"无法读取配置文件 {path}：{error} / cannot read {path}: {error}") from None
        for section, values in data.items():
            if section not in KNOWN or not isinstance(values, dict):
                raise CounterConfigError(f"{path} 中有未知的设置 [{section}] / {path} has an unknown section [{section}]")
            for key in values:
                if key not in KNOWN[section]:
                    raise CounterConfigError(f"{path} 中有未知的设置 {section}.{key} / unknown setting {section}.{key}")
        url = _required(data, path, "server", "url", str)
        if not url.startswith(("http://", "https://")):
            raise CounterConfigError(f"{path} 中的 server.url 应以 http:// 或 https:// 开头 / server.url must be http(s)")
        display = data.get("display", {})
        try:
            language = Language.parse(str(display.get("language", "zh-CN")))
            screen = CustomerScreenMode(str(display.get("customer_screen", "second")))
        except ValueError as error:
            raise CounterConfigError(f"{path}：{error}") from None
        return cls(url, _required(data, path, "server", "branch", str),
                   _required(data, path, "counter", "number", int), language, screen)


def _required(data: dict[str, Any], path: Path, section: str, key: str, kind: type) -> Any:
    value = data.get(section, {}).get(key)
    if value is None:
        raise CounterConfigError(f"配置文件 {path} 缺少 {section}.{key} / {path} lacks {section}.{key}")
    if not isinstance(value, kind) or isinstance(value, bool):
        raise CounterConfigError(f"{path} 中的 {section}.{key} 类型不对 / {section}.{key} has the wrong type")
    return value
