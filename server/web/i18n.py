"""The pages' words: one catalogue per language (`locales/<language>.json`), chosen per request.

A request's language is, in order: `?lang=` (the switch on every page, remembered in the `branchq_lang`
cookie), that cookie, then `Accept-Language` (`server.messages.negotiate`: zh-CN when absent or unknown).
A catalogue maps a key to a template with `{name}` placeholders; every language has the same keys and
placeholders (a test loads every locale and compares them). Scripts get the strings they need already
chosen for the page's language (`Words.subset`), so a page never mixes languages.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import Request

from server.messages import DEFAULT_LANGUAGE, LANGUAGES, negotiate

LANGUAGE_COOKIE = "branchq_lang"


@functools.cache
def catalogue(language: str) -> Mapping[str, str]:
    text = resources.files("server.web").joinpath("locales").joinpath(f"{language}.json").read_text(encoding="utf-8")
    return json.loads(text)


def language_of(request: Request) -> str:
    """The page's language: the switch, the remembered choice, then the browser's preference."""
    for choice in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice in LANGUAGES:
            return choice
    return negotiate(request.headers.get("accept-language"))


@dataclass(frozen=True, slots=True)
class Words:
    """The catalogue of one language, as templates use it: `t("ticket.ahead", count=3)`."""

    language: str

    def __call__(self, key: str, **params: Any) -> str:
        template = catalogue(self.language).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
        return template.format(**params) if params else template

    def subset(self, prefixes: Iterable[str]) -> dict[str, str]:
        """Every string whose key starts with one of `prefixes`, unformatted, for a page's script."""
        wanted = tuple(prefixes)
        return {key: text for key, text in catalogue(self.language).items() if key.startswith(wanted)}

    @property
    def other(self) -> str:
        """The language the switch offers."""
        return next(language for language in LANGUAGES if language != self.language)
