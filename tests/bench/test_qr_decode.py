"""The QR benchmark measures what it says: exact payload reads, wrong reads apart, time per frame."""

from bench.qr_decode import decoders, main, markdown, measure, payload_for
from hardware.synthetic_frames import LEVELS
from server.domain.signed_codes import code_from_scan


def test_every_frame_carries_its_own_realistic_signed_payload():
    assert payload_for(1) != payload_for(2)
    assert code_from_scan(payload_for(1)).startswith("BQ1.T.t-000001.")


def test_an_easy_level_is_read_by_every_decoder_and_nothing_wrong_is_read():
    for result in measure(decoders(), LEVELS[0], frames=4):
        assert result.read_rate >= 0.75, result.decoder
        assert result.wrong_payloads == 0 and result.mean_ms > 0 and result.p95_ms >= 0


def test_a_decoder_that_reads_nothing_scores_zero():
    (result,) = measure({"blind": lambda frame: []}, LEVELS[0], frames=3)
    assert (result.read_rate, result.wrong_payloads) == (0.0, 0)


def test_a_decoder_that_invents_payloads_is_caught():
    (result,) = measure({"liar": lambda frame: ["https://evil.example/t/x"]}, LEVELS[0], frames=3)
    assert (result.read_rate, result.wrong_payloads) == (0.0, 3)
    assert "| 1-easy | liar | 0.0% | 3 |" in markdown([result])


def test_the_command_writes_its_json(tmp_path, capsys):
    target = tmp_path / "qr.json"
    assert main(["--frames", "1", "--json", str(target)]) == 0
    assert target.read_text().count('"decoder"') == 3 * len(LEVELS)
    assert "| level | decoder | read rate |" in capsys.readouterr().out
