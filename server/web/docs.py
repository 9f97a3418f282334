"""`/docs`: the API documentation without the internet.

FastAPI's own `/docs` loads Swagger UI from a CDN, which a branch network cannot reach. Here the page is
FastAPI's HTML with the scripts and styles served by this server from the `swagger-ui-bundle-v2` package
(Swagger UI 5, Apache-2.0, installed from the registry like any dependency, never copied into this
repository). Swagger UI 5 is needed: FastAPI describes the API in OpenAPI 3.1, which Swagger UI 4 (the
older `swagger-ui-bundle` package) cannot read. ReDoc is not offered (no registry package ships it alone).
All links are relative, so the page works behind a reverse proxy under any path.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from server.domain.errors import NotFound

ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")


def swagger_directory() -> Path:
    from swagger_ui_bundle import swagger_ui_path  # the installed package's files

    return Path(str(swagger_ui_path))


def docs_page(title: str) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="openapi.json",
        title=title,
        swagger_js_url="docs/assets/swagger-ui-bundle.js",
        swagger_css_url="docs/assets/swagger-ui.css",
        swagger_favicon_url="docs/assets/favicon-32x32.png",
        oauth2_redirect_url=None,
    )


def docs_asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no documentation file {name[:40]}", field="name", code="web.asset_not_found",
                       params={"name": name[:40]})
    path = swagger_directory() / name
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(path.read_bytes(), media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
