"""The test PostgreSQL itself: under root it runs as `nobody`, even from an install `nobody` cannot reach
(a clone under /root, say), by copying it with the libraries its relative rpath expects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

import tests.pg_server as pg


@pytest.mark.slow
def test_under_root_the_server_starts_from_an_install_only_root_can_reach(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root runs PostgreSQL as another user")
    found = pg.find_binaries()
    if found is None:
        pytest.skip("no PostgreSQL binaries here")
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    package = found.parent.parent  # .../site-packages/pgserver (or a system install's version folder)
    shutil.copytree(package, closed / package.name, symlinks=True)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, closed / libs.name, symlinks=True)
    monkeypatch.setattr(pg, "find_binaries", lambda: closed / package.name / found.parent.name / "bin")

    server = pg.PostgresServer.start()
    try:
        assert not server.bin.is_relative_to(closed)
        engine = sa.create_engine(server.create_database("reach"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_user")).scalar() == "postgres"
        engine.dispose()
    finally:
        server.stop()
