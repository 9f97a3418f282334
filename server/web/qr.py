"""QR codes for the pages, drawn here as SVG from the `qrcode` package's module matrix (no image library).

The booking confirmation carries the appointment's signed code (`BQ1.A...`), and a remote ticket's status
page its ticket's (`BQ1.T...`), which the kiosk's camera reads to check the customer in. The modules are drawn in `currentColor` on the palette's surface colour (the page's CSS) with a
four-module quiet zone, as scanners expect; the page's script gets the same matrix to draw the code into
the picture a customer saves.
"""

from __future__ import annotations

import qrcode
from markupsafe import Markup, escape

QUIET_ZONE = 4


def qr_rows(text: str) -> list[str]:
    """The code's modules, one string per row ("1" dark, "0" light), without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return ["".join("1" if dark else "0" for dark in row) for row in code.get_matrix()]


def qr_svg(text: str, label: str) -> Markup:
    """An SVG image of the code, scaled by CSS; `label` names it for screen readers."""
    rows = qr_rows(text)
    size = len(rows) + 2 * QUIET_ZONE
    path = "".join(
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h1v1h-1z"
        for y, row in enumerate(rows) for x, dark in enumerate(row) if dark == "1"
    )
    return Markup(
        f'<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{escape(label)}" '
        f'shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="qr-light" width="{size}" height="{size}"/><path d="{path}" fill="currentColor"/></svg>'
    )
