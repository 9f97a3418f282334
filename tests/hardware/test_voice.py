"""Calling tickets aloud: phrases, chime, the real espeak-ng, and the per-phrase WAV cache."""

import numpy as np
import pytest

from hardware.errors import HardwareUnavailable, VoiceError
from hardware.testing import FakeSynthesizer
from hardware.voice import (
    Announcer,
    Audio,
    CallAnnouncement,
    EspeakSynthesizer,
    Language,
    _as_ssml,
    call_phrase,
    chime,
    espeak_available,
    spoken_ticket_number,
)

needs_espeak = pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")


def _rms(audio: Audio) -> float:
    return float(np.sqrt(np.mean(audio.samples.astype(np.float64) ** 2)))


@pytest.mark.parametrize(
    ("number", "zh", "en"),
    [
        ("A023", "A 零二三", "A zero two three"),
        ("B100", "B 一零零", "B one zero zero"),
        ("V1024", "V 一零二四", "V one zero two four"),
    ],
)
def test_ticket_numbers_are_spoken_letter_then_digit_by_digit(number, zh, en):
    assert spoken_ticket_number(number, Language.ZH) == zh
    assert spoken_ticket_number(number, Language.EN) == en


def test_the_call_reads_naturally_in_both_languages():
    call = CallAnnouncement("A023", 5)
    assert call_phrase(call, Language.ZH) == "请 A 零二三 号到 5 号窗口办理"
    assert call_phrase(call, Language.EN) == "Ticket A zero two three, please go to counter 5"


def test_numbers_are_said_as_printed_whatever_the_numbering_scheme():
    assert spoken_ticket_number("VIP7", Language.ZH) == "V I P 七"
    assert spoken_ticket_number("VIP7", Language.EN) == "V I P seven"
    call = CallAnnouncement("023", 12)
    assert call_phrase(call, Language.EN) == "Ticket zero two three, please go to counter 12"


@pytest.mark.parametrize("number", ["", "a023", "A 023", "A-023", "A٠٢٣", "A0123456789012", None])
def test_a_ticket_number_that_cannot_be_said_as_printed_is_refused(number):
    with pytest.raises(ValueError, match="ticket_number"):
        CallAnnouncement(number, 5)


def test_a_counter_out_of_range_is_refused():
    with pytest.raises(ValueError, match="counter_number"):
        CallAnnouncement("A023", 0)


def test_the_chime_is_a_short_audible_sound_that_fades_out():
    sound = chime(22050)
    assert sound.duration_s == pytest.approx(0.9, abs=0.01)
    assert _rms(sound) > 2000
    assert np.abs(sound.samples[-200:]).max() < np.abs(sound.samples).max() / 5


def test_english_ssml_says_a_lone_letter_as_a_letter_and_escapes_markup():
    assert _as_ssml("Ticket A zero", Language.EN) == (
        '<speak>Ticket <say-as interpret-as="characters">A</say-as> zero</speak>'
    )
    assert _as_ssml("A & B", Language.ZH) == "<speak>A &amp; B</speak>"


def test_audio_round_trips_through_wav_and_resamples_to_the_same_duration():
    sound = chime(22050)
    again = Audio.from_wav(sound.to_wav())
    assert again.sample_rate == 22050 and np.array_equal(again.samples, sound.samples)
    assert sound.resampled(16000).duration_s == pytest.approx(sound.duration_s, abs=0.001)


@needs_espeak
@pytest.mark.parametrize(("language", "low", "high"), [(Language.ZH, 1.5, 9.0), (Language.EN, 1.5, 7.0)])
def test_espeak_speaks_the_call_in_both_languages(language, low, high):
    speech = EspeakSynthesizer().synthesize(call_phrase(CallAnnouncement("A023", 5), language), language)
    assert low < speech.duration_s < high
    assert _rms(speech) > 500


@needs_espeak
def test_the_announcement_is_chime_then_chinese_then_english_in_one_wav(tmp_path):
    engine = EspeakSynthesizer()
    call = CallAnnouncement("A023", 5)
    zh = engine.synthesize(call_phrase(call, Language.ZH), Language.ZH)
    en = engine.synthesize(call_phrase(call, Language.EN), Language.EN)
    path = Announcer(engine, tmp_path).announcement_wav(call)
    audio = Audio.from_wav(path.read_bytes())
    assert audio.duration_s == pytest.approx(0.9 + 0.25 + zh.duration_s + 0.5 + en.duration_s, abs=0.01)
    chime_part = audio.samples[: int(0.9 * audio.sample_rate)]
    assert np.array_equal(chime_part, chime(audio.sample_rate).samples)
    assert _rms(audio) > 500


def test_each_phrase_is_synthesized_once_and_then_played_from_the_cache(tmp_path):
    engine = FakeSynthesizer()
    first = Announcer(engine, tmp_path).announcement_wav(CallAnnouncement("A023", 5))
    again = Announcer(engine, tmp_path).announcement_wav(CallAnnouncement("A023", 5))
    other = Announcer(engine, tmp_path).announcement_wav(CallAnnouncement("A023", 6))
    assert first == again != other
    assert len(engine.calls) == 4  # two languages for A023 at 5, two for A023 at 6
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, other.name])


def test_a_different_voice_gets_its_own_cache_entry(tmp_path):
    call = CallAnnouncement("A023", 5)
    one = Announcer(FakeSynthesizer(identity="v1"), tmp_path).announcement_wav(call)
    two = Announcer(FakeSynthesizer(identity="v2"), tmp_path).announcement_wav(call)
    assert one != two


def test_only_the_configured_languages_are_spoken_in_their_order(tmp_path):
    engine = FakeSynthesizer(sample_rate=16000)
    path = Announcer(engine, tmp_path, languages=(Language.EN,)).announcement_wav(
        CallAnnouncement("C007", 12)
    )
    audio = Audio.from_wav(path.read_bytes())
    assert engine.calls == [("Ticket C zero zero seven, please go to counter 12", "en")]
    expected = 0.9 + 0.25 + len(engine.calls[0][0]) * FakeSynthesizer.SECONDS_PER_CHARACTER
    assert audio.sample_rate == 16000 and audio.duration_s == pytest.approx(expected, abs=0.01)


def test_an_unwritable_cache_folder_is_a_voice_error_that_says_what_to_do(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(VoiceError) as caught:
        Announcer(FakeSynthesizer(), blocker / "cache").announcement_wav(CallAnnouncement("A023", 5))
    assert "writable" in caught.value.advice


def test_a_missing_or_broken_engine_is_reported_clearly():
    with pytest.raises(HardwareUnavailable, match="not installed"):
        EspeakSynthesizer(executable="no-such-espeak")
    with pytest.raises(VoiceError, match="failed"):
        EspeakSynthesizer(executable="false")
