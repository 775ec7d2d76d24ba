"""The bench's databases: scale 1 and scale 30 of ``ikz generate``, on SQLite and on
PostgreSQL, built once and kept under build/bench/ (SQLite files) or as databases named
``ikz_bench_…`` (PostgreSQL). A database is built anew when the generator or a migration
changes: its name carries a hash of their source."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench"
# What decides the generated rows besides the migrations: the generator and its command.
SOURCES = [
    *sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "src" / "ikz" / "sample" / "generator").rglob("*.py")
    ),
    "src/ikz/sample/management/commands/generate.py",
    "src/ikz/search/indexing.py",
    "src/ikz/search/terms.py",
]
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SEED = 1


def generator_hash() -> str:
    """A hash over the generator and every migration: what decides the data."""
    digest = hashlib.sha256()
    paths = [ROOT / name for name in SOURCES] + sorted(ROOT.glob("src/ikz/*/migrations/*.py"))
    for path in paths:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class BenchDatabase:
    engine: str  # sqlite or postgresql
    scale: int
    # Taken once: a migration added while the database builds must not move its name
    # (the next instance builds anew for it).
    generator: str = field(default_factory=generator_hash)

    @property
    def name(self) -> str:
        return f"ikz_bench_s{self.scale}_{self.generator}"

    @property
    def data_dir(self) -> Path:
        return CACHE / f"{self.engine}-{self.name}"

    @property
    def done_marker(self) -> Path:
        return self.data_dir / "generated"

    def environment(self) -> dict[str, str]:
        """The environment in which ``ikz`` and Django use this database."""
        env = dict(os.environ, IKZ_DATA_DIR=str(self.data_dir), IKZ_LOG_LEVEL="WARNING")
        env.pop("IKZ_DATABASE_URL", None)
        if self.engine == "postgresql":
            env["IKZ_DATABASE_URL"] = f"{POSTGRES}/{self.name}"
        return env

    def ensure(self) -> None:
        """Build the database unless a complete one of this generator exists."""
        if self.done_marker.exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.engine == "postgresql":
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')
        else:
            (self.data_dir / "ikz.sqlite3").unlink(missing_ok=True)
        print(f"building {self.engine} scale {self.scale} …", file=sys.stderr, flush=True)
        ikz = [sys.executable, "-m", "ikz"]
        env = self.environment()
        subprocess.run([*ikz, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run(
            [*ikz, "generate", "--scale", str(self.scale), "--seed", str(SEED)], env=env, check=True
        )
        # The generator writes its rows in bulk, without the signals that index them.
        subprocess.run([*ikz, "search_index", "--rebuild"], env=env, check=True)
        self.settle()
        self.done_marker.write_text(self.name)
        self.remove_stale()

    def settle(self) -> None:
        """Vacuum and analyse a new PostgreSQL database: otherwise its autovacuum works
        through the fresh tables during the first minutes of measuring (pages without
        a query came out twice as slow), and the planner has no statistics yet, which
        an installation's autovacuum gathers. A SQLite database stays without them, as
        the cockpit's own: nothing there runs ANALYZE, and statistics of generated
        data mislead SQLite (a history whose rows all lack the user who made them made
        its user index look useless, and the export of a person read every history)."""
        if self.engine != "postgresql":
            return
        with psycopg.connect(f"{POSTGRES}/{self.name}", autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")

    def remove_stale(self) -> None:
        """Remove this engine's databases of this scale built by an earlier generator or
        migration: hundreds of MB each, and nothing reads them again."""
        stale = re.compile(rf"ikz_bench_s{self.scale}_[0-9a-f]{{12}}")
        for path in CACHE.glob(f"{self.engine}-ikz_bench_s{self.scale}_*"):
            if path != self.data_dir and stale.fullmatch(path.name.partition("-")[2]):
                shutil.rmtree(path)
        if self.engine != "postgresql":
            return
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            names = [row[0] for row in connection.execute("SELECT datname FROM pg_database")]
            for name in names:
                if name != self.name and stale.fullmatch(name):
                    try:
                        connection.execute(f'DROP DATABASE "{name}"')
                    except psycopg.errors.ObjectInUse:
                        print(f"{name} is in use: kept", file=sys.stderr)


if __name__ == "__main__":
    # python bench/databases.py sqlite 30: build one database ahead of the bench.
    BenchDatabase(sys.argv[1], int(sys.argv[2])).ensure()
