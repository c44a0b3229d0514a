"""A real, throwaway PostgreSQL server on loopback for the store tests and the load benchmark.

The binaries come from the `pgserver` wheel (the test extra installs it; only its bundled PostgreSQL is used,
not its Python API), else from a PostgreSQL on the machine (PATH, /usr/lib/postgresql/*/bin). PostgreSQL
refuses to run as root, so under root (CI) the server runs as the unprivileged `nobody`, from a copy of the
binaries in the temporary folder when `nobody` cannot reach the originals.

    server = PostgresServer.start()      # or PostgresServer.start_or_skip_reason() in tests
    url = server.create_database("t1")   # postgresql+psycopg://postgres@127.0.0.1:PORT/t1
    server.stop()
"""

from __future__ import annotations

import atexit
import glob
import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

UNPRIVILEGED = "nobody"


class ServerUnavailable(Exception):
    """No PostgreSQL could be started here; the message says why."""


def find_binaries() -> Path | None:
    """The bin folder of a PostgreSQL install holding initdb and postgres."""
    candidates: list[Path] = []
    spec = importlib.util.find_spec("pgserver")  # found, not imported: importing it touches XDG folders
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "pginstall" / "bin" for p in spec.submodule_search_locations]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


@dataclass
class PostgresServer:
    work: Path
    bin: Path
    port: int
    proc: subprocess.Popen
    user: str | None

    @classmethod
    def start(cls, timeout: float = 60) -> "PostgresServer":
        binaries = find_binaries()
        if binaries is None:
            raise ServerUnavailable("no PostgreSQL binaries: install the test extra (pgserver) or Debian's postgresql")
        work = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        user = UNPRIVILEGED if os.geteuid() == 0 else None
        try:
            if user is not None:
                binaries = _reachable_by(user, binaries, work)
                os.chmod(work, 0o755)
            data = work / "data"
            data.mkdir(mode=0o700)
            if user is not None:
                entry = pwd.getpwnam(user)
                os.chown(data, entry.pw_uid, entry.pw_gid)
            initdb = subprocess.run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                     "--encoding=UTF8", "--locale=C", "--no-sync"],
                                    capture_output=True, text=True, timeout=timeout, user=user, cwd=work)
            if initdb.returncode != 0:
                raise ServerUnavailable(f"initdb failed: {_last_line(initdb.stderr or initdb.stdout)}")
            port = _free_port()
            log = open(work / "server.log", "wb")
            proc = subprocess.Popen(
                [str(binaries / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port), "-k", "",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=200", "-c", "shared_buffers=32MB"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, user=user, cwd=work)
            log.close()
            server = cls(work, binaries, port, proc, user)
            server._wait_ready(timeout)
            return server
        except (OSError, subprocess.SubprocessError, KeyError) as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise ServerUnavailable(f"PostgreSQL did not start: {exc}") from exc
        except ServerUnavailable:
            shutil.rmtree(work, ignore_errors=True)
            raise

    def _wait_ready(self, timeout: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.work / "server.log").read_text(errors="replace")
                raise ServerUnavailable(f"postgres exited at start: {_last_line(log)}")
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                time.sleep(0.1)
        self.stop()
        raise ServerUnavailable("postgres did not accept connections in time")

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL the store takes."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: "smart" shutdown; fast enough with no clients left
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.work, ignore_errors=True)


def _reachable_by(user: str, binaries: Path, work: Path) -> Path:
    """`binaries` if `user` can run them from where they are, else a copy of the install inside `work`."""
    try:
        if subprocess.run([str(binaries / "postgres"), "--version"], capture_output=True, user=user,
                          timeout=30).returncode == 0:
            return binaries
    except PermissionError:  # a folder on the way (e.g. /root) is closed to `user`
        pass
    install = binaries.parent  # the wheel's .../site-packages/pgserver/pginstall; its bin/ finds the libraries
    root = work / "postgresql"  # repaired into .../site-packages/pgserver.libs by a relative rpath: keep that shape
    copy = root / install.parent.name / install.name
    for part in ("bin", "lib", "share"):
        if (install / part).is_dir():
            shutil.copytree(install / part, copy / part, symlinks=True)
    wheel_libs = install.parent.parent / f"{install.parent.name}.libs"
    if wheel_libs.is_dir():
        shutil.copytree(wheel_libs, root / wheel_libs.name, symlinks=True)
    for folder, _dirs, _files in os.walk(root):
        os.chmod(folder, 0o755)
    return copy / "bin"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


_shared: PostgresServer | None = None
_shared_failure: str | None = None


def shared_server() -> PostgresServer:
    """One server per test process, started on first use and stopped at exit; ServerUnavailable says why not."""
    global _shared, _shared_failure
    if _shared is None and _shared_failure is None:
        try:
            _shared = PostgresServer.start()
            atexit.register(_shared.stop)
        except ServerUnavailable as exc:
            _shared_failure = str(exc)
    if _shared is None:
        raise ServerUnavailable(_shared_failure or "not started")
    return _shared


BACKENDS = ["sqlite", "postgresql"]
TEST_KEY = "k" * 16 + secrets.token_hex(16)  # an ADVISOR_STORE_KEY for the tests' shared databases


def store_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a new database on the shared server.
    Skips with the reason when no PostgreSQL can start here."""
    import pytest

    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    try:
        server = shared_server()
    except ServerUnavailable as exc:
        pytest.skip(f"no PostgreSQL server could start here: {exc}")
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name)
    yield url
    server.drop_database(name)
