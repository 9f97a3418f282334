"""The package's public face: `__all__` lists exactly what it exports, all of it from the package itself."""

from __future__ import annotations

import types

import server.biometrics


def test_all_lists_exactly_the_public_names_of_the_package() -> None:
    public_names = {
        name
        for name, value in vars(server.biometrics).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(server.biometrics.__all__) == public_names


def test_every_exported_class_and_function_lives_in_the_package() -> None:
    for name in server.biometrics.__all__:
        value = getattr(server.biometrics, name)
        if isinstance(value, (type, types.FunctionType)):
            assert value.__module__.startswith("server.biometrics."), name


def test_every_exported_exception_derives_from_biometrics_error_and_carries_advice() -> None:
    exported = [getattr(server.biometrics, name) for name in server.biometrics.__all__]
    errors = [value for value in exported if isinstance(value, type) and issubclass(value, BaseException)]
    assert len(errors) == 7
    assert all(issubclass(error, server.biometrics.BiometricsError) for error in errors)
    error = server.biometrics.InvalidVaultKey("the face vault key is not valid base64")
    assert error.message == "the face vault key is not valid base64"
    assert "32-byte key" in error.advice and error.advice in str(error)
