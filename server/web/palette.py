"""`/palette.css`: the one palette (`resources/palette.json`) as CSS custom properties, generated from the file.

`brand_dark` becomes `--brand-dark`; keys starting with `_` (notes) are skipped. Pages use only these
variables, so the web and the Qt apps cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@functools.cache
def palette() -> dict[str, str]:
    raw = json.loads(resources.files("resources").joinpath("palette.json").read_text(encoding="utf-8"))
    colours = {name: value for name, value in raw.items() if not name.startswith("_")}
    bad = [name for name, value in colours.items() if not _COLOUR.fullmatch(str(value))]
    if bad:
        raise ValueError(f"palette.json: not a #RRGGBB colour: {', '.join(bad)}")
    return colours


@functools.cache
def palette_css() -> str:
    lines = [f"  --{name.replace('_', '-')}: {value};" for name, value in palette().items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"
