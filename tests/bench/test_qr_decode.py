"""The QR benchmark measures what it says: signature-checked reads, misreads apart, time per frame."""

import json

from bench.qr_decode import (
    LevelResult,
    decoders,
    genuine,
    main,
    markdown,
    measure,
    misread_traps,
    montage,
    payload_for,
    shots_for,
)
from server.domain.signed_codes import code_from_scan

ONE_PER_LEVEL = shots_for("fixed", per_level=1)


def test_every_frame_carries_its_own_realistic_signed_payload():
    assert payload_for(1) != payload_for(2)
    assert code_from_scan(payload_for(1)).startswith("BQ1.T.t-000001.")
    assert len({s.payload for s in shots_for()}) == 120


def test_the_held_out_set_is_graded_alike_but_made_of_other_frames():
    fixed, held_out = shots_for("fixed"), shots_for("held-out")
    assert [(s.level, s.hardship) for s in fixed] == [(s.level, s.hardship) for s in held_out]
    assert not {s.seed for s in fixed} & {s.seed for s in held_out}


def test_a_read_counts_only_with_the_exact_payload_and_a_signature_that_verifies():
    payload = payload_for(7)
    assert genuine(payload, payload)
    assert not genuine(payload_for(8), payload)
    forged = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    assert not genuine(forged, forged)


def test_both_decoders_read_the_easy_level_and_nothing_wrong():
    results = measure(decoders(), ONE_PER_LEVEL[:1])
    assert {r.decoder for r in results} == {"one zxing-cpp call", "cascade (15 ms)"}
    for result in results:
        assert (result.reads, result.misreads, result.level) == (1, 0, 0)
        assert result.p95_ms >= result.p50_ms > 0


def test_a_decoder_that_reads_nothing_scores_zero_and_one_that_invents_payloads_is_caught():
    (blind,) = measure({"blind": lambda frame: []}, ONE_PER_LEVEL[:1])
    (liar,) = measure({"liar": lambda frame: ["https://evil.example/t/x"]}, ONE_PER_LEVEL[:2])[:1]
    assert (blind.reads, blind.misreads) == (0, 0)
    assert (liar.reads, liar.misreads) == (0, 1)


def test_the_traps_count_their_frames_and_find_no_misread():
    traps = misread_traps(ONE_PER_LEVEL[:1], frames=2)
    assert traps == {
        "spliced code frames": 2,
        "spliced code misreads": 0,
        "swapped code frames": 2,
        "swapped code misreads": 0,
    }


def test_the_table_has_a_row_per_level_and_decoder_and_a_total():
    rows = [LevelResult("a", 0, 20, 20, 0, 3.0, 4.0), LevelResult("a", 1, 20, 15, 1, 3.5, 9.0)]
    table = markdown(rows)
    assert "| 0 | a | 20/20 | 0 | 3.0 | 4.0 |" in table and "| all | a | 35/40 | 1 | | |" in table


def test_the_command_writes_its_json(tmp_path, capsys):
    target = tmp_path / "qr.json"
    assert main(["--per-level", "1", "--bursts", "0", "--json", str(target)]) == 0
    report = json.loads(target.read_text())
    assert len(report["singles"]) == 2 * 6 and report["bursts"] == [] and report["traps"] == {}
    assert "| level | decoder | reads |" in capsys.readouterr().out


def test_the_montage_shows_a_row_of_frames_per_level(tmp_path):
    import cv2

    montage(shots_for("fixed", per_level=2), tmp_path / "set.jpg", per_level=2)
    assert cv2.imread(str(tmp_path / "set.jpg")).shape == (6 * 240, 2 * 320, 3)
