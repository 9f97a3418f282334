"""The client's own messages, for what the server cannot word: it did not answer, or answered nonsense.

The server words its own errors (`ApiError.detail`, in the Accept-Language the client sends); these
cover the rest, in zh-CN (the default) and English. Apps with a translation system of their own may
key on the codes instead.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGES", "client_message", "normalise_language"]

DEFAULT_LANGUAGE = "zh-CN"
LANGUAGES = ("zh-CN", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "client.unreachable": {
        "zh-CN": "暂时无法连接服务器，请稍候，系统正在自动重试。",
        "en": "The server cannot be reached right now. Please wait: we keep trying.",
    },
    "client.timeout": {
        "zh-CN": "服务器响应超时，请稍候，系统正在自动重试。",
        "en": "The server took too long to answer. Please wait: we keep trying.",
    },
    "client.unexpected_answer": {
        "zh-CN": "服务器返回了无法识别的结果（{status}），请稍后再试或联系工作人员。",
        "en": "The server gave an answer we cannot read ({status}). Please try again later or ask our staff.",
    },
}


def normalise_language(language: str | None) -> str:
    """`zh-CN` for any Chinese tag or nothing, `en` for any English tag; anything else falls back to zh-CN."""
    tag = (language or "").strip().lower()
    if tag.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def client_message(code: str, language: str | None, **params: Any) -> str:
    """The sentence for `code` in `language` (zh-CN by default), with `params` filled in."""
    wording = MESSAGES[code][normalise_language(language)]
    return wording.format(**params) if params else wording
