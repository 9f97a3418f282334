"""Words on the kiosk's screens: where to wait reads as a list of places in either language."""

from __future__ import annotations

from kiosk.ui.texts import Words
from qtkit import Language

ZONES = [{"zh": "一楼 A 区", "en": "Floor 1, Zone A", "open": True},
         {"zh": "一楼 C 区", "en": "Floor 1, Zone C", "open": True}]


def test_zones_are_listed_so_that_no_place_is_cut_in_two(qapp) -> None:
    assert Words(Language.ZH_CN).zone_list(ZONES) == "一楼 A 区、一楼 C 区"
    assert Words(Language.EN).zone_list(ZONES) == "Floor 1, Zone A or Floor 1, Zone C"
    three = [*ZONES, {"zh": "二楼贵宾区", "en": "Floor 2, VIP area"}]
    assert Words(Language.EN).zone_list(three) == "Floor 1, Zone A; Floor 1, Zone C; Floor 2, VIP area"
    assert Words(Language.EN).zone_list([]) == ""
