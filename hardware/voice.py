"""Calling tickets aloud: a chime, then the call in Chinese and English, synthesized offline and cached.

    "请 A 零二三 号到 5 号窗口办理" / "Ticket A zero two three, please go to counter 5"

Ticket numbers are spoken letter then digit by digit, the way a teller reads them, never as one
number ("twenty-three"), so A023 and A230 are never confused. The number arrives as the text printed on
the ticket (the server formats it); the voice only says it, letter by letter and digit by digit. The phrase builder is pure; a
`Synthesizer` turns text into audio (espeak-ng here, a fake in tests); the `Announcer` glues chime
and speech into one WAV per phrase and keeps it, so the second call of A023 costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable
from xml.sax.saxutils import escape

import numpy as np

from .errors import HardwareUnavailable, VoiceError

CHIME_VERSION = 1
_ZH_DIGITS = "零一二三四五六七八九"
_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPEAKABLE_NUMBER = re.compile(r"[A-Z0-9]{1,12}")
_RUNS = re.compile(r"[A-Z]+|[0-9]+")


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


@dataclass(frozen=True, slots=True)
class CallAnnouncement:
    """A ticket called to a counter.

    Attributes:
        ticket_number: the number as printed ("A023"): 1 to 12 capital letters and digits.
        counter_number: the counter's number as shown above it.
    """

    ticket_number: str
    counter_number: int

    def __post_init__(self) -> None:
        if not isinstance(self.ticket_number, str) or not _SPEAKABLE_NUMBER.fullmatch(self.ticket_number):
            raise ValueError(
                "ticket_number must be 1 to 12 capital letters and digits as printed, "
                f"got {self.ticket_number!r}"
            )
        if not 1 <= self.counter_number <= 999:
            raise ValueError("counter_number must be between 1 and 999")


def spoken_ticket_number(ticket_number: str, language: Language) -> str:
    """`A023` -> "A 零二三" (zh) or "A zero two three" (en): each letter alone, each digit as a word.

    Letters and digits are read in the order printed, so any numbering scheme the server chooses is said
    as the customer sees it ("VIP7" -> "V I P 七"); anything else in the text is left out.
    """
    words: list[str] = []
    for run in _RUNS.findall(ticket_number.upper()):
        if run.isdigit() and language is Language.ZH:
            words.append("".join(_ZH_DIGITS[int(digit)] for digit in run))
        elif run.isdigit():
            words.extend(_EN_DIGITS[int(digit)] for digit in run)
        else:
            words.extend(run)
    return " ".join(words)


def call_phrase(call: CallAnnouncement, language: Language) -> str:
    """The sentence a waiting room hears for `call` in `language`."""
    spoken = spoken_ticket_number(call.ticket_number, language)
    if language is Language.ZH:
        return f"请 {spoken} 号到 {call.counter_number} 号窗口办理"
    return f"Ticket {spoken}, please go to counter {call.counter_number}"


@dataclass(frozen=True, slots=True)
class Audio:
    """Mono 16-bit samples."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    def to_wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(self.samples.astype("<i2").tobytes())
        return buffer.getvalue()

    @classmethod
    def from_wav(cls, data: bytes) -> Audio:
        with wave.open(io.BytesIO(data), "rb") as source:
            if source.getsampwidth() != 2:
                raise VoiceError("only 16-bit WAV audio is supported")
            samples = np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")
            if source.getnchannels() > 1:
                samples = samples.reshape(-1, source.getnchannels()).mean(axis=1).astype(np.int16)
            return cls(samples=samples.astype(np.int16), sample_rate=source.getframerate())

    def resampled(self, sample_rate: int) -> Audio:
        if sample_rate == self.sample_rate:
            return self
        count = int(round(len(self.samples) * sample_rate / self.sample_rate))
        positions = np.linspace(0, len(self.samples) - 1, count)
        samples = np.interp(positions, np.arange(len(self.samples)), self.samples)
        return Audio(samples=samples.astype(np.int16), sample_rate=sample_rate)


def silence(seconds: float, sample_rate: int) -> Audio:
    return Audio(np.zeros(int(seconds * sample_rate), dtype=np.int16), sample_rate)


def concatenate(parts: list[Audio]) -> Audio:
    rate = parts[0].sample_rate
    return Audio(np.concatenate([part.resampled(rate).samples for part in parts]), rate)


@lru_cache(maxsize=4)
def chime(sample_rate: int = 22050) -> Audio:
    """A soft two-tone "ding-dong" (E6 then C6, 0.9 s) that makes people look up before the call."""

    def tone(frequency: float, seconds: float) -> np.ndarray:
        t = np.arange(int(seconds * sample_rate)) / sample_rate
        envelope = np.exp(-t * 4.0) * np.minimum(1.0, t / 0.01)
        return np.sin(2 * np.pi * frequency * t) * envelope

    wave_form = np.concatenate([tone(1318.5, 0.4), tone(1046.5, 0.5)])
    return Audio((wave_form * 0.45 * 32767).astype(np.int16), sample_rate)


@runtime_checkable
class Synthesizer(Protocol):
    identity: str
    """Changes when the voice would sound different (engine, version, voice, speed): part of cache keys."""

    def synthesize(self, text: str, language: Language) -> Audio:
        """Speech for `text`; `VoiceError` when the engine fails. The one I/O method."""
        ...


class EspeakSynthesizer:
    """espeak-ng, offline: Mandarin voice `cmn`, English voice `en`. Robotic but clear and always there."""

    VOICES = {Language.ZH: "cmn", Language.EN: "en"}

    def __init__(self, executable: str = "espeak-ng", words_per_minute: int = 140) -> None:
        path = shutil.which(executable)
        if path is None:
            raise HardwareUnavailable(
                f"{executable} is not installed, so tickets cannot be called aloud",
                advice="apt install espeak-ng",
            )
        self.executable = path
        self.words_per_minute = words_per_minute
        version = self._run(["--version"]).decode(errors="replace").strip()
        self.identity = f"{version}|wpm={words_per_minute}"

    def synthesize(self, text: str, language: Language) -> Audio:
        with tempfile.TemporaryDirectory(prefix="branchq-voice-") as folder:
            target = Path(folder) / "speech.wav"
            self._run(
                [
                    "-v",
                    self.VOICES[language],
                    "-s",
                    str(self.words_per_minute),
                    "-m",
                    "-w",
                    str(target),
                    _as_ssml(text, language),
                ]
            )
            return Audio.from_wav(target.read_bytes())

    def _run(self, arguments: list[str]) -> bytes:
        try:
            result = subprocess.run(
                [self.executable, *arguments], capture_output=True, timeout=30, check=True
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            raise VoiceError(f"espeak-ng failed: {error}") from error
        return result.stdout


def _as_ssml(text: str, language: Language) -> str:
    """Escape for SSML; in English a lone capital letter is spoken as a letter ("ay"), not "a"."""
    escaped = escape(text)
    if language is Language.EN:
        escaped = re.sub(r"\b([A-Z])\b", r'<say-as interpret-as="characters">\1</say-as>', escaped)
    return f"<speak>{escaped}</speak>"


def espeak_available(executable: str = "espeak-ng") -> bool:
    """Whether calls can be spoken here with espeak-ng."""
    return shutil.which(executable) is not None


class Announcer:
    """Builds (once) and returns the WAV file for each call.

    Attributes:
        synthesizer: the speech engine.
        cache_dir: one WAV per phrase, named by a hash of everything that affects the sound.
        languages: spoken in this order after the chime.
    """

    def __init__(
        self,
        synthesizer: Synthesizer,
        cache_dir: Path,
        languages: tuple[Language, ...] = (Language.ZH, Language.EN),
    ) -> None:
        if not languages:
            raise ValueError("an announcement needs at least one language")
        self.synthesizer = synthesizer
        self.cache_dir = cache_dir
        self.languages = languages

    def announcement_wav(self, call: CallAnnouncement) -> Path:
        """Path of the WAV to play for `call`: chime, then the call in each language."""
        phrases = [(language, call_phrase(call, language)) for language in self.languages]
        path = self.cache_dir / f"{self._cache_key(phrases)}.wav"
        if not path.exists():
            self._write_atomically(path, self._compose(phrases).to_wav())
        return path

    def _compose(self, phrases: list[tuple[Language, str]]) -> Audio:
        speech = [self.synthesizer.synthesize(text, language) for language, text in phrases]
        rate = speech[0].sample_rate
        parts = [chime(rate), silence(0.25, rate)]
        for index, spoken in enumerate(speech):
            parts += [spoken] if index == 0 else [silence(0.5, rate), spoken]
        return concatenate(parts)

    def _cache_key(self, phrases: list[tuple[Language, str]]) -> str:
        material = json.dumps([self.synthesizer.identity, CHIME_VERSION, phrases], ensure_ascii=False)
        return hashlib.sha256(material.encode()).hexdigest()[:24]

    def _write_atomically(self, path: Path, data: bytes) -> None:
        """Write then rename, so a display never plays a half-written file."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError as error:
            raise VoiceError(
                f"cannot write the announcement to {path}: {error}",
                advice=f"make {path.parent} writable or choose another cache folder",
            ) from error
