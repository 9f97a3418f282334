"""Error messages in the caller's language.

Every `DomainError` carries a stable `code` and its `params`; the English sentence it was raised with is
the English message. The Chinese (zh-CN, our default language) wording lives here, one module per area
(`tickets.py`, `auth.py`, ...), each defining `MESSAGES = {code: {"zh-CN": template}}`; a template names
its params in braces (`"{number} 号已被呼叫"`). An entry may also give `"en"` to reword the English.

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

__all__ = ["DEFAULT_LANGUAGE", "EN", "LANGUAGES", "ZH_CN", "catalogue", "localise", "negotiate", "template_fields"]


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every area module's MESSAGES merged; a code defined twice is a programming error."""
    merged: dict[str, Mapping[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for code, entry in getattr(module, "MESSAGES", {}).items():
            if code in merged:
                raise RuntimeError(f"message code {code!r} is defined twice (again in {module_info.name})")
            merged[code] = entry
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
    return template.format_map(dict(params))
