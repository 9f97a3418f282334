"""Free text people type (names, notes, comments, descriptions), cleaned and bounded before it is kept.

What a customer or teller types travels to displays, printed tickets, staff screens and logs, so it
must not be able to steer them. `clean_text` applies one set of rules to every such field:

- the text is normalised to NFC (one spelling for 王 or é however it was typed);
- control characters (C0 and C1, such as ESC in `\\x1b[2J`) are refused; tabs and line breaks count
  as whitespace, except in names, which are one line;
- bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) are refused: they reorder what
  follows them on a screen, so `U+202E` can make a note read backwards;
- other invisible format characters (zero-width spaces and joiners, U+200B-U+200F, U+2060, the BOM
  U+FEFF, soft hyphens) are refused in names, where they would make two names look alike, and dropped
  from other text;
- unpaired surrogates, which are not characters at all, are refused;
- runs of whitespace become one space and the ends are trimmed;
- the result is at most `max_length` characters (refused when longer) and not empty when required.

Refusals are `InvalidInput` with a stable code (`text.*`) and the offending character as `U+XXXX`.
Text the server builds itself (transfer notes) is shortened with `shorten` instead of refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from server.domain.errors import InvalidInput

BIDI_CONTROLS = frozenset(chr(point) for point in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
LINE_BREAKS_AND_TABS = frozenset("\t\n\r")
ELLIPSIS = "…"

MAX_NOTE_LENGTH = 200
"""What a teller may type as a transfer note."""
MAX_TICKET_NOTE_LENGTH = 320
"""One stored note: the server's own words about the transfer plus the teller's note."""
MAX_TICKET_NOTES = 10
"""A ticket keeps its latest notes only; older ones stay in the event log."""


@dataclass(frozen=True, slots=True)
class TextRule:
    """How one kind of field is cleaned.

    Attributes:
        max_length: the most characters kept after cleaning.
        required: an empty result is refused.
        name: names and labels refuse invisible characters instead of dropping them.
    """

    max_length: int
    required: bool = False
    name: bool = False


def clean_text(value: str, rule: TextRule, field: str | None = None) -> str:
    """`value` cleaned by `rule`, or `InvalidInput` naming `field` and the offending character."""
    kept = [_checked(character, rule, field) for character in unicodedata.normalize("NFC", value)]
    text = " ".join("".join(kept).split())
    if rule.required and not text:
        raise InvalidInput(f"{_subject(field)}cannot be empty", field=field, code="text.empty")
    if len(text) > rule.max_length:
        raise InvalidInput(
            f"{_subject(field)}is longer than {rule.max_length} characters",
            field=field,
            code="text.too_long",
            params={"max_length": rule.max_length, "length": len(text)},
        )
    return text


def _checked(character: str, rule: TextRule, field: str | None) -> str:
    """The character to keep ('' to drop it); refuses what must not be kept."""
    if character in LINE_BREAKS_AND_TABS and not rule.name:
        return " "
    category, point = unicodedata.category(character), f"U+{ord(character):04X}"
    if category == "Cc":
        raise InvalidInput(
            _contains(field, "a control character", point), field=field, code="text.control_character",
            params={"character": point},
        )
    if character in BIDI_CONTROLS:
        raise InvalidInput(
            _contains(field, "a bidirectional override", point), field=field, code="text.bidi_control",
            params={"character": point},
        )
    if category == "Cs":
        raise InvalidInput(
            _contains(field, "an unpaired surrogate", point), field=field, code="text.invalid_character",
            params={"character": point},
        )
    if category == "Cf" and rule.name:
        raise InvalidInput(
            _contains(field, "an invisible character", point), field=field, code="text.invisible_character",
            params={"character": point},
        )
    return "" if category == "Cf" else character


def _contains(field: str | None, what: str, point: str) -> str:
    return f"{_subject(field)}contains {what} ({point}); remove it"


def _subject(field: str | None) -> str:
    """Messages start with the field when it is known; the web layer names it otherwise."""
    return f"{field} " if field else ""


def shorten(text: str, max_length: int) -> str:
    """`text` cut to at most `max_length` characters, marked with an ellipsis when cut."""
    return text if len(text) <= max_length else text[: max_length - len(ELLIPSIS)] + ELLIPSIS


def append_note(notes: Sequence[str], note: str, keep: int = MAX_TICKET_NOTES) -> list[str]:
    """The latest `keep` notes after adding `note` (itself cut to `MAX_TICKET_NOTE_LENGTH`)."""
    return [*notes, shorten(note, MAX_TICKET_NOTE_LENGTH)][-keep:]
