"""Scenario files load, and a broken one is refused with the field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.sim.scenario import ScenarioError, load_scenario, parse_scenario

SCENARIOS = sorted(Path("bench/scenarios").glob("*.json")) + sorted(Path("bench/scenarios").glob("*.toml"))

MINIMAL = {
    "day": {"open": "09:00", "close": "17:00"},
    "services": [{"code": "A", "mean_service_min": 5, "target_wait_min": 10}],
    "counters": [{"skills": ["A"]}],
    "arrivals": [{"from": "09:00", "to": "17:00", "rates": {"A": 10}}],
}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_loads(path):
    scenario = load_scenario(path)
    assert scenario.services and scenario.counters and scenario.arrivals


def test_a_minimal_scenario_gets_documented_defaults():
    scenario = parse_scenario(MINIMAL)
    assert scenario.days == 1 and scenario.no_show_skip_s == 30.0
    assert scenario.counters[0].open_min == 9 * 60 and scenario.counters[0].close_min == 17 * 60


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["services"][0].pop("mean_service_min"), "services[0].mean_service_min"),
        (lambda d: d["services"][0].update(distribution="gamma"), "services[0].distribution"),
        (lambda d: d["counters"][0].update(skills=["Z"]), "counters[0].skills"),
        (lambda d: d["arrivals"][0]["rates"].update(B=3), "arrivals[0].rates.B"),
        (lambda d: d["arrivals"][0].update(to="18:00"), "arrivals[0]"),
        (lambda d: d["day"].update(close="9am"), "day.close"),
        (lambda d: d.update(vip_share=1.5), "vip_share"),
        (lambda d: d.update(patience={"distribution": "lognormal"}), "patience.mean_min"),
        (lambda d: d.update(vip_shares=0.1), "vip_shares"),
        (lambda d: d["counters"][0].update(brakes=[]), "counters[0].brakes"),
        (lambda d: d["counters"][0].update(breaks={"start": "12:00"}), "counters[0].breaks"),
        (
            lambda d: d["counters"][0].update(breaks=[{"start": "12:00", "minute": 30}]),
            "counters[0].breaks[0].minute",
        ),
    ],
)
def test_a_bad_field_is_named_in_the_error(change, field):
    data = {
        key: (value.copy() if isinstance(value, dict) else [dict(v) for v in value])
        for key, value in MINIMAL.items()
    }
    data["arrivals"][0]["rates"] = dict(data["arrivals"][0]["rates"])
    change(data)
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(data)
    assert raised.value.field == field


def test_a_missing_file_is_reported_not_raised_raw(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nowhere.json")


def test_toml_scenarios_are_read_like_json(tmp_path):
    path = tmp_path / "branch.toml"
    path.write_text(
        'days = 3\n[day]\nopen = "09:00"\nclose = "12:00"\n'
        '[[services]]\ncode = "A"\nmean_service_min = 4\ntarget_wait_min = 5\n'
        '[[counters]]\nskills = ["A"]\n'
        '[[arrivals]]\nfrom = "09:00"\nto = "12:00"\nrates = { A = 12 }\n',
        encoding="utf-8",
    )
    assert load_scenario(path).days == 3
