"""The face settings: a real key in production, a generated one (flagged) in development, sane thresholds."""

from __future__ import annotations

import pytest

from server.biometrics import VaultKey
from server.services.faces import FaceConfig
from server.settings import load_settings

STRONG_SECRET = "s" * 40


def test_production_with_face_check_in_on_needs_a_vault_key():
    with pytest.raises(ValueError, match="BRANCHQ_FACE_VAULT_KEY must be set in production"):
        load_settings(environment="production", secret_key=STRONG_SECRET)
    key = VaultKey.generate().to_base64()
    settings = load_settings(environment="production", secret_key=STRONG_SECRET, face_vault_key=key)
    assert not settings.face_vault_key_generated and FaceConfig.from_settings(settings).vault_key is not None


def test_production_with_face_check_in_off_needs_no_key():
    settings = load_settings(environment="production", secret_key=STRONG_SECRET, face_enabled=False)
    config = FaceConfig.from_settings(settings)
    assert config.vault_key is None and not config.enabled


def test_a_malformed_key_is_refused_at_start_in_every_environment():
    for environment in ("production", "development"):
        with pytest.raises(ValueError, match="BRANCHQ_FACE_VAULT_KEY: the face vault key is not valid base64"):
            load_settings(environment=environment, secret_key=STRONG_SECRET, face_vault_key="not a key!")
    with pytest.raises(ValueError, match="must be 32 bytes"):
        load_settings(environment="development", face_vault_key="c2hvcnQ=")


def test_development_generates_a_key_for_this_run_and_says_so():
    first, second = load_settings(environment="development"), load_settings(environment="demo")
    assert first.face_vault_key_generated and second.face_vault_key_generated
    assert first.face_vault_key != second.face_vault_key
    assert FaceConfig.from_settings(first).key_is_ephemeral


def test_match_threshold_and_margin_stay_in_the_encoders_scale():
    for bad in ({"face_match_threshold": 0}, {"face_match_threshold": 2.5}, {"face_min_margin": -0.1}):
        with pytest.raises(ValueError):
            load_settings(environment="development", **bad)
    settings = load_settings(environment="development")
    assert settings.face_match_threshold == 0.6 and settings.face_min_margin == 0.1
