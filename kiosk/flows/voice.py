"""Optional voice guidance: short sentences saying what the screen says, never the only channel.

Speech is made by the hardware layer's offline voice (`hardware.voice`, espeak-ng) and played by a command
(`aplay`), both on a worker thread of their own: the screen never waits for a voice. A newer sentence
replaces one still waiting; one being spoken is finished. Without espeak-ng or a player, the kiosk is silent.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from hardware.voice import Language as VoiceLanguage
from qtkit import Language, Tasks

__all__ = ["VoiceGuide", "play_wav"]

log = logging.getLogger("branchq.kiosk.voice")


def play_wav(wav: bytes) -> None:
    """Play a WAV through the system's player (`aplay`, else `paplay`); silent when there is none."""
    player = shutil.which("aplay") or shutil.which("paplay")
    if player is None:
        return
    with tempfile.NamedTemporaryFile(suffix=".wav") as file:
        file.write(wav)
        file.flush()
        subprocess.run([player, *(["-q"] if player.endswith("aplay") else []), file.name],  # noqa: S603
                       check=False, timeout=30, capture_output=True)


def _espeak() -> Any:
    from hardware.voice import EspeakSynthesizer

    return EspeakSynthesizer()


class VoiceGuide(QObject):
    """Says sentences aloud, one after another, off the UI thread.

    Signals:
        spoken(str): a sentence was said (or, with no voice here, skipped).

    Attributes:
        enabled: speak at all (elder mode turns it on).
        available: False once the voice turned out to be missing here (then it stays silent).
    """

    spoken = Signal(str)

    def __init__(
        self,
        synthesizer_factory: Callable[[], Any] = _espeak,
        player: Callable[[bytes], None] = play_wav,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = False
        self.available = True
        self._factory = synthesizer_factory
        self._player = player
        self._synthesizer: Any = None
        self._tasks = Tasks(self, max_threads=1)
        self._speaking = False
        self._waiting: tuple[str, Language] | None = None

    def say(self, text: str, language: Language) -> None:
        if not (self.enabled and self.available and text.strip()):
            return
        if self._speaking:
            self._waiting = (text, language)
            return
        self._speaking = True
        self._tasks.run(lambda: self._speak(text, language), self._done, self._failed)

    def stop(self) -> None:
        self._waiting = None
        self._tasks.wait_for_done()

    def _speak(self, text: str, language: Language) -> str:
        if self._synthesizer is None:
            self._synthesizer = self._factory()
        voice = VoiceLanguage.EN if language is Language.EN else VoiceLanguage.ZH
        self._player(self._synthesizer.synthesize(text, voice).to_wav())
        return text

    def _done(self, text: str) -> None:
        self._speaking = False
        self.spoken.emit(text)
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._speaking = False
        log.warning("voice guidance off: %s", error)
        self.available = False
        self._waiting = None

    def _next(self) -> None:
        if self._waiting is not None:
            text, language = self._waiting
            self._waiting = None
            self.say(text, language)
