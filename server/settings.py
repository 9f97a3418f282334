"""Typed server settings, read from `BRANCHQ_*` environment variables by `load_settings()`.

Built by a function, never at import, so tests and the demo each get their own. Outside development
and demo mode a missing or weak secret key is refused at start rather than discovered in an audit.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from pathlib import Path

from pydantic import Field, PrivateAttr, model_validator
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
    """Also the origin cookie-authenticated pages must come from (besides the address the request reached)."""
    websocket_recheck_seconds: float = Field(default=30.0, gt=0)
    """How often an open event stream re-checks its account (deactivated, password changed); it also closes
    when its token expires."""
    public_requests_per_minute: int = Field(default=300, ge=1)
    """Booking pages and their reads (free slots, one's booking) per client address per minute. Behind the
    bank's gateway every phone shares the gateway's address: set it for the crowd."""
    public_bookings_per_minute: int = Field(default=30, ge=1)
    """Bookings, moves and cancellations per client address per minute (a phone is also held to its branch's
    `max_open_bookings_per_phone`)."""
    face_enabled: bool = True
    """Face check-in at the kiosks (enrollment, identification). Deletion requests work even when off."""
    face_vault_dir: Path = Field(default_factory=lambda: Path.cwd() / "face-vault")
    """Where the encrypted face records live (one owner-only file per enrolled customer)."""
    face_vault_key: str = ""
    """Base64 32-byte AES key sealing the face records. Required in production while face check-in is on.
    In development and demo mode a missing key is generated for this run only: records sealed with it
    cannot be opened after a restart (the server logs a warning)."""
    face_match_threshold: float = Field(default=0.6, gt=0.0, le=2.0)
    """Largest encoding distance accepted as the same person. 0.6 is the model's usual value, measured on
    mostly European faces; the model separates East Asian faces less well (see
    server/biometrics/encodings.py), so calibrate it on a consented set of the bank's own customers before
    launch."""
    face_min_margin: float = Field(default=0.1, ge=0.0, le=2.0)
    """A match only counts when the next enrolled customer is at least this much farther away; closer, two
    enrolled people look alike and the kiosk asks for the appointment code instead. Calibrate with the threshold."""
    notify_webhook_url: str = ""
    """The bank's SMS / WeChat gateway: customer messages are POSTed here as signed JSON
    (`server.services.notifications`). Empty: messages are queued and kept until it is set."""
    notify_webhook_secret: str = ""
    """Shared with the gateway: signs each message (HMAC-SHA256). Required with the URL in production."""
    notify_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    phone_retention_hours: int = Field(default=24, ge=0, le=24 * 90)
    """How long a customer's phone number is kept after their visit ends (then only its masked form stays)."""
    _face_vault_key_generated: bool = PrivateAttr(default=False)

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

    @model_validator(mode="after")
    def _webhook_is_signed(self) -> Settings:
        if self.notify_webhook_url and len(self.notify_webhook_secret) < 16:
            raise ValueError(
                "BRANCHQ_NOTIFY_WEBHOOK_SECRET must be set (16+ characters, shared with the gateway) "
                "when BRANCHQ_NOTIFY_WEBHOOK_URL is"
            )
        return self

    @model_validator(mode="after")
    def _face_vault_key_is_usable(self) -> Settings:
        from server.biometrics.errors import InvalidVaultKey
        from server.biometrics.vault import VaultKey

        if self.face_vault_key:
            try:
                VaultKey.from_base64(self.face_vault_key)
            except InvalidVaultKey as error:
                raise ValueError(f"BRANCHQ_FACE_VAULT_KEY: {error}") from None
        elif self.environment is Environment.PRODUCTION and self.face_enabled:
            raise ValueError(
                "BRANCHQ_FACE_VAULT_KEY must be set in production while face check-in is enabled "
                "(for example: python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())'), "
                "or set BRANCHQ_FACE_ENABLED=false"
            )
        elif self.environment is not Environment.PRODUCTION:
            self.face_vault_key = VaultKey.generate().to_base64()
            self._face_vault_key_generated = True
        return self

    @property
    def face_vault_key_generated(self) -> bool:
        """True when the face vault key was made up for this run (development or demo without a key)."""
        return self._face_vault_key_generated


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
