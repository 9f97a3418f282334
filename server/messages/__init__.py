"""Error messages in the caller's language.

Every `DomainError` carries a stable `code` and its `params`; the English sentence it was raised with is
the English message. The Chinese (zh-CN, our default language) wording lives here, one module per area
(`tickets.py`, `auth.py`, ...), each defining `MESSAGES = {code: {"zh-CN": template}}`; a template names
its params in braces (`"{number} 号已被呼叫"`). An entry may also give `"en"` to reword the English.

A placeholder may name a vocabulary after a colon, `{status:ticket_status}`: the value (a stable
English word such as `waiting`) is then worded from an area module's `TERMS = {vocabulary: {language:
{value: word}}}`; `{choices:list}` joins a list the way the language lists things, and `{roles:list:role}`
words each item too.

`negotiate()` picks the language from an `Accept-Language` header (zh-CN when absent or unknown);
`localise()` words an error for it, falling back to the English message when a code has no entry or a
template needs a param the error did not carry, so a missing translation never breaks an answer.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import string
from collections.abc import Mapping
from typing import Any

ZH_CN = "zh-CN"
EN = "en"
LANGUAGES = (ZH_CN, EN)
DEFAULT_LANGUAGE = ZH_CN

__all__ = [
    "DEFAULT_LANGUAGE", "EN", "LANGUAGES", "ZH_CN",
    "catalogue", "localise", "negotiate", "template_fields", "terms",
]

_LIST_SEPARATORS = {ZH_CN: "、", EN: ", "}


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every area module's MESSAGES merged; a code defined twice is a programming error."""
    return _merged("MESSAGES")


@functools.cache
def terms() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """Every area module's TERMS merged: vocabulary -> language -> value -> word."""
    return _merged("TERMS")


def _merged(name: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, entry in getattr(module, name, {}).items():
            if key in merged:
                raise RuntimeError(f"{name} key {key!r} is defined twice (again in {module_info.name})")
            merged[key] = entry
    return merged


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an Accept-Language header, by its q-values; zh-CN by default."""
    best, best_q = DEFAULT_LANGUAGE, -1.0
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        language = _ours(tag.strip().lower())
        if language is None:
            continue
        q = _quality(params)
        if q > best_q or (q == best_q and position == 0):
            best, best_q = language, q
    return best if best_q > 0 else DEFAULT_LANGUAGE


def _ours(tag: str) -> str | None:
    if tag == "zh" or tag.startswith(("zh-cn", "zh-hans", "zh-sg")) or tag == "zh-cn":
        return ZH_CN
    if tag.startswith("zh"):
        return ZH_CN  # zh-TW/zh-HK readers read Simplified better than English; no Traditional yet
    if tag == "en" or tag.startswith("en-"):
        return EN
    return None


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def template_fields(template: str) -> set[str]:
    """The param names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def localise(code: str, params: Mapping[str, Any], english: str, language: str) -> str:
    """The message for `code` in `language`; the English sentence when no usable translation exists."""
    entry = catalogue().get(code)
    template = entry.get(language) if entry else None
    if template is None:
        return english
    if not template_fields(template) <= set(params):
        return english
    return _Wording(language).vformat(template, (), dict(params))


class _Wording(string.Formatter):
    """Formats a template: `{value:vocabulary}` worded from TERMS, `{values:list[:vocabulary]}` as a list."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        kind, _, item_spec = format_spec.partition(":")
        if kind == "list":
            items = value if isinstance(value, list | tuple) else [value]
            words = (self.format_field(item, item_spec) for item in items)
            return _LIST_SEPARATORS.get(self.language, ", ").join(words)
        vocabulary = terms().get(format_spec)
        if vocabulary is not None:
            return vocabulary.get(self.language, {}).get(str(value), str(value))
        return super().format_field(value, format_spec)
