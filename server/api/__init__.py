"""The HTTP and WebSocket API (FastAPI), versioned under /api/v1."""

from .app import create_app

__all__ = ["create_app"]
