"""Voice guidance: off unless wanted (elder mode), said off the UI thread, the latest sentence wins, and a
kiosk without a voice stays silent instead of failing."""

from __future__ import annotations

import threading

import pytest
import shiboken6

from hardware.errors import HardwareUnavailable
from hardware.testing import FakeSynthesizer
from kiosk.config import VoiceGuidance
from kiosk.flows.voice import VoiceGuide
from qtkit import Language


def test_sentences_are_said_off_the_ui_thread_in_the_customers_language(qtbot) -> None:
    synthesizer = FakeSynthesizer()
    played: list[tuple[int, int]] = []
    voice = VoiceGuide(lambda: synthesizer, lambda wav: played.append((threading.get_ident(), len(wav))))
    voice.enabled = True
    heard: list[str] = []
    voice.spoken.connect(heard.append)
    voice.say("请选择业务", Language.ZH_CN)
    voice.say("ignored: replaced by the next", Language.EN)
    voice.say("Choose a service", Language.EN)
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=5000)
    assert heard == ["请选择业务", "Choose a service"]
    assert [language for _, language in synthesizer.calls] == ["zh", "en"]
    assert all(thread != threading.get_ident() and size > 44 for thread, size in played)
    shiboken6.delete(voice)


def test_switched_off_it_says_nothing(qtbot) -> None:
    synthesizer = FakeSynthesizer()
    voice = VoiceGuide(lambda: synthesizer, lambda wav: None)
    with qtbot.assertNotEmitted(voice.spoken, wait=200):
        voice.say("请选择业务", Language.ZH_CN)
    assert synthesizer.calls == []
    shiboken6.delete(voice)


def test_without_a_voice_the_kiosk_is_silent(qtbot) -> None:
    def missing() -> None:
        raise HardwareUnavailable("espeak-ng is not installed", advice="apt install espeak-ng")

    voice = VoiceGuide(missing, lambda wav: None)
    voice.enabled = True
    voice.say("请选择业务", Language.ZH_CN)
    qtbot.waitUntil(lambda: not voice.available, timeout=5000)
    voice.say("again", Language.ZH_CN)  # quietly ignored
    shiboken6.delete(voice)


def test_elder_mode_turns_the_voice_on_and_forgetting_turns_it_off(session_factory) -> None:
    session = session_factory()
    assert not session.voice.enabled
    session.set_elder_mode(True)
    assert session.voice.enabled
    session.forget_everything()
    assert not session.voice.enabled


@pytest.mark.parametrize(
    ("guidance", "regular", "elder"),
    [(VoiceGuidance.ELDER, False, True), (VoiceGuidance.ALWAYS, True, True), (VoiceGuidance.OFF, False, False)],
)
def test_the_configuration_says_when_the_kiosk_speaks(session_factory, guidance, regular, elder) -> None:
    session = session_factory(voice=guidance)
    assert session.voice.enabled is regular
    session.set_elder_mode(True)
    assert session.voice.enabled is elder
    session.forget_everything()
    assert session.voice.enabled is regular
