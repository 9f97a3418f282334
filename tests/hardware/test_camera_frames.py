"""The graded camera set: fixed shots, consecutive frames that differ, levels that really get harder."""

import collections
import dataclasses

import numpy as np
import pytest

from hardware.camera_frames import (
    FRAME_SIZE,
    HARDSHIPS,
    Hardship,
    Shot,
    camera_burst,
    camera_frame,
    camera_set,
)
from hardware.qr import decode_qr


def payload(index: int) -> str:
    return f"https://bank.example/t/BQ1.T.t-{index:06x}.tbq9k0.AbCdEfGhIjKlMnOp"


SHOTS = camera_set(payload)


def test_the_set_has_twenty_shots_per_level_and_every_hardship_leads_equally_often():
    assert len(SHOTS) == 120
    assert collections.Counter(s.level for s in SHOTS) == dict.fromkeys(range(6), 20)
    assert collections.Counter(s.hardship for s in SHOTS) == dict.fromkeys(HARDSHIPS, 15)
    assert all(s.second is not s.hardship for s in SHOTS)
    assert len({s.payload for s in SHOTS}) == 120


def test_the_same_shot_gives_the_same_frame_and_a_burst_starts_with_it():
    shot = SHOTS[45]
    first = camera_frame(shot)
    assert first.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3)
    assert np.array_equal(first, camera_frame(shot))
    burst = camera_burst(shot, frames=3)
    assert np.array_equal(burst[0], first)
    assert not np.array_equal(burst[1], burst[2])  # new noise, a little shake


def test_easy_shots_read_with_one_call_and_the_unreadable_level_mostly_does_not():
    def reads(shots):
        return sum(any(d.payload == s.payload for d in decode_qr(camera_frame(s))) for s in shots)

    assert reads(SHOTS[:8]) == 8
    assert reads(SHOTS[100:108]) <= 2


@pytest.mark.parametrize("hardship", [Hardship.GLARE, Hardship.FAR], ids=lambda h: h.value)
def test_a_hardship_at_full_strength_defeats_one_call(hardship):
    shot = Shot(payload(1), level=5, hardship=hardship, second=Hardship.JPEG, seed=7)
    assert decode_qr(camera_frame(shot)) == []
    assert decode_qr(camera_frame(dataclasses.replace(shot, level=0))) != []


def test_a_spliced_code_reads_as_nothing_and_needs_codes_of_one_size():
    shot = dataclasses.replace(SHOTS[0], spliced_with=SHOTS[0].payload[::-1])  # every byte differs
    assert decode_qr(camera_frame(shot)) == []
    with pytest.raises(ValueError):
        camera_frame(dataclasses.replace(SHOTS[0], spliced_with="short"))
