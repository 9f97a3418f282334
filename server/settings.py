"""Typed server settings, read from `BRANCHQ_*` environment variables by `load_settings()`.

Built by a function, never at import, so tests and the demo each get their own. Outside development
and demo mode a missing or weak secret key is refused at start rather than discovered in an audit.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    DEMO = "demo"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRANCHQ_", extra="ignore")

    environment: Environment = Environment.PRODUCTION
    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'branchq.db'}")
    secret_key: str = ""
    """Signs access tokens and QR codes. Required (32+ characters) in production."""
    staff_token_minutes: int = Field(default=12 * 60, ge=1)
    device_token_minutes: int = Field(default=30 * 24 * 60, ge=1)
    demo_password: str | None = None
    event_queue_size: int = Field(default=1000, ge=10)
    """Events buffered per live subscriber; a subscriber that falls further behind is disconnected and resumes by `since`."""
    public_base_url: str = "http://127.0.0.1:8000"

    @model_validator(mode="after")
    def _secret_is_strong_outside_development(self) -> Settings:
        if self.environment is Environment.PRODUCTION and len(self.secret_key) < 32:
            raise ValueError(
                "BRANCHQ_SECRET_KEY must be set to at least 32 random characters in production "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if not self.secret_key:
            self.secret_key = secrets.token_urlsafe(48)
        return self


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
