"""Settings: no file needs nothing; a bad value names its key; the app refuses with one line."""

from __future__ import annotations

import pytest

from mentor_tui.settings import Settings, SettingsError, load_settings

from .conftest import run_cli


def test_defaults_need_no_file(tmp_path):
    assert load_settings(tmp_path / "missing.toml") == Settings()


def test_values_are_read(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('stuck_check_minutes = 20\nrequired_software = ["git"]\n')
    s = load_settings(path)
    assert s.stuck_check_minutes == 20 and s.required_software == ["git"]


@pytest.mark.parametrize("content, needle", [
    ("stuck_check_minutes = 0", "stuck_check_minutes"),
    ("stuck_check_minute = 5", "stuck_check_minute is not a known setting"),
    ("probe_timeout = 'soon'", "probe_timeout"),
    ("this is [not toml", "not valid TOML"),
])
def test_bad_values_name_the_key(tmp_path, content, needle):
    path = tmp_path / "c.toml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=needle):
        load_settings(path)


def test_app_with_bad_settings_exits_with_one_line(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text("session_minutes = -3\n")
    out = run_cli()
    assert out.returncode == 1 and "session_minutes" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
