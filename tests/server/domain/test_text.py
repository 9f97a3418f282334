"""Free text is normalised, cleaned of what could steer a screen, and bounded (server.domain.text)."""

import unicodedata

import pytest

from server.domain.errors import InvalidInput
from server.domain.text import (
    MAX_TICKET_NOTE_LENGTH,
    MAX_TICKET_NOTES,
    TextRule,
    append_note,
    clean_text,
    shorten,
)

NOTE = TextRule(200)
NAME = TextRule(100, required=True, name=True)


def refusal(value: str, rule: TextRule, field: str | None = "note") -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        clean_text(value, rule, field)
    return caught.value


def test_ordinary_text_is_kept_as_typed():
    assert clean_text("王芳", NAME) == "王芳"
    assert clean_text("Zoë O'Neil-Smith", NAME) == "Zoë O'Neil-Smith"
    assert clean_text("客户要求转到对公业务 🙂", NOTE) == "客户要求转到对公业务 🙂"


def test_text_is_normalised_to_one_spelling():
    decomposed = "Zoe\u0308"  # e + combining diaeresis
    assert clean_text(decomposed, NAME) == "Zoë"
    assert clean_text(decomposed, NAME) == unicodedata.normalize("NFC", decomposed)


def test_whitespace_runs_become_one_space_and_the_ends_are_trimmed():
    assert clean_text("  needs\t\tID \n\r\n card\u3000 ", NOTE) == "needs ID card"
    assert clean_text("王\u00a0 芳", NAME) == "王 芳"


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x07", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_refused_naming_the_character(character):
    error = refusal(f"clear\x20{character}[2J", NOTE)
    assert error.code == "text.control_character"
    assert error.field == "note"
    assert error.params == {"character": f"U+{ord(character):04X}"}


def test_names_are_one_line():
    error = refusal("第一行\n第二行", NAME, "name")
    assert (error.code, error.params) == ("text.control_character", {"character": "U+000A"})


@pytest.mark.parametrize("point", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_bidirectional_overrides_and_isolates_are_refused_in_any_text(point):
    for rule in (NOTE, NAME):
        error = refusal(f"abc{chr(point)}def", rule)
        assert (error.code, error.params) == ("text.bidi_control", {"character": f"U+{point:04X}"})


@pytest.mark.parametrize("point", [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD])
def test_invisible_characters_are_refused_in_names_and_dropped_elsewhere(point):
    error = refusal(f"王{chr(point)}芳", NAME, "name")
    assert (error.code, error.field, error.params) == ("text.invisible_character", "name", {"character": f"U+{point:04X}"})
    assert clean_text(f"re{chr(point)}check", NOTE) == "recheck"


def test_unpaired_surrogates_are_refused():
    assert refusal("a\ud800b", NOTE).code == "text.invalid_character"


def test_length_is_bounded_after_cleaning():
    assert clean_text("x" * 200, NOTE) == "x" * 200
    assert clean_text("x" * 200 + "\u200b" * 50 + "   ", NOTE) == "x" * 200
    error = refusal("x" * 201, NOTE)
    assert (error.code, error.params) == ("text.too_long", {"max_length": 200, "length": 201})


def test_required_text_cannot_be_empty_once_cleaned():
    assert refusal(" \t ", TextRule(10, required=True), "name").code == "text.empty"
    assert clean_text(" \u200b ", NOTE) == ""


def test_messages_name_the_field_when_known():
    assert refusal("\x1b", NOTE, "note").message.startswith("note contains a control character (U+001B)")
    assert refusal("\x1b", NOTE, None).message.startswith("contains a control character")


def test_shorten_marks_what_it_cut():
    assert shorten("abc", 3) == "abc"
    assert shorten("abcdef", 4) == "abc…"
    assert len(shorten("x" * 1000, 50)) == 50


def test_a_ticket_keeps_only_its_latest_notes_each_bounded():
    notes: list[str] = []
    for number in range(MAX_TICKET_NOTES + 5):
        notes = append_note(notes, f"note {number} " + "y" * 1000)
    assert len(notes) == MAX_TICKET_NOTES
    assert notes[0].startswith("note 5 ") and notes[-1].startswith(f"note {MAX_TICKET_NOTES + 4} ")
    assert all(len(note) == MAX_TICKET_NOTE_LENGTH for note in notes)
