"""The installed ``ikz`` command is the project's manage.py."""

import os
import subprocess
import sys
from pathlib import Path

IKZ = Path(sys.executable).with_name("ikz")


def run_ikz(*args, tmp_path):
    env = {**os.environ, "IKZ_DATA_DIR": str(tmp_path)}
    env.pop("IKZ_DATABASE_URL", None)
    # load_demo builds the living demo: half a minute on two cores, more when they are busy.
    return subprocess.run([IKZ, *args], capture_output=True, text=True, env=env, timeout=300)


def test_ikz_help_lists_django_and_project_commands(tmp_path):
    result = run_ikz("--help", tmp_path=tmp_path)

    assert result.returncode == 0
    for command in ("migrate", "runserver", "createsuperuser", "dumpdata", "load_demo"):
        assert command in result.stdout


def test_ikz_migrate_and_load_demo_on_a_fresh_data_directory(tmp_path):
    assert run_ikz("migrate", "--noinput", tmp_path=tmp_path).returncode == 0

    first = run_ikz("load_demo", tmp_path=tmp_path)
    second = run_ikz("load_demo", tmp_path=tmp_path)

    assert first.returncode == 0
    assert "Partheland" in first.stdout
    assert second.returncode == 0
    assert (tmp_path / "ikz.sqlite3").exists()


def test_ikz_refuses_a_bad_setting_with_a_clear_error(tmp_path):
    env_debug = {**os.environ, "IKZ_DATA_DIR": str(tmp_path), "IKZ_DEBUG": "vielleicht"}

    result = subprocess.run(
        [IKZ, "check"], capture_output=True, text=True, env=env_debug, timeout=60
    )

    assert result.returncode != 0
    assert "IKZ_DEBUG='vielleicht' ist kein Wahrheitswert / is not a boolean" in result.stderr
