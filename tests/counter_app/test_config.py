"""`branchq-counter --config FILE`: the file's settings, and its mistakes named."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.config import CounterConfig, CounterConfigError, CustomerScreenMode
from qtkit import Language

GOOD = """
[server]
url = "http://127.0.0.1:8000"
branch = "demo"

[counter]
number = 3

[display]
language = "en"
customer_screen = "same"
"""


def test_a_full_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "counter.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = CounterConfig.load(path)
    assert (config.server_url, config.branch, config.counter_number) == ("http://127.0.0.1:8000", "demo", 3)
    assert config.language is Language.EN and config.customer_screen is CustomerScreenMode.SAME


def test_defaults_are_chinese_and_a_second_screen(tmp_path: Path) -> None:
    path = tmp_path / "counter.toml"
    path.write_text('[server]\nurl = "https://q.example.com"\nbranch = "b1"\n[counter]\nnumber = 1\n', "utf-8")
    config = CounterConfig.load(path)
    assert config.language is Language.ZH_CN and config.customer_screen is CustomerScreenMode.SECOND


@pytest.mark.parametrize(("text", "named"), [
    (GOOD.replace("number = 3", 'number = "3"'), "counter.number"),
    (GOOD.replace("[counter]\nnumber = 3", ""), "counter.number"),
    (GOOD.replace("branch =", "brunch ="), "server.brunch"),
    (GOOD.replace("http://", "ftp://"), "server.url"),
    (GOOD.replace('"same"', '"third"'), "third"),
])
def test_mistakes_name_the_key_in_both_languages(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "counter.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CounterConfigError) as error:
        CounterConfig.load(path)
    assert named in str(error.value) and str(path) in str(error.value)


def test_the_command_says_what_is_wrong_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err
