"""The server's web pages: the front door, a ticket's status page, the waiting-room display, offline API docs.

`pages.router` holds the routes; words come from `i18n` (one catalogue per language under `locales/`),
colours from `palette` (generated from `resources/palette.json`), Swagger UI's files from `docs`.
"""

from server.web.pages import router

__all__ = ["router"]
