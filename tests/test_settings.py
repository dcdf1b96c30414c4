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
    ("stuck_check_minute = 5", "'stuck_check_minute' is not a known setting"),
    ("probe_timeout = 'soon'", "probe_timeout must be a number"),
    ("probe_timeout = 0", "probe_timeout must be more than 0"),
    ("probe_timeout = nan", "probe_timeout must be a number"),
    ("session_minutes = true", "session_minutes must be a whole number"),
    ("session_minutes = 45.5", "session_minutes must be a whole number"),
    ("session_minutes = 601", "session_minutes must be at most 600"),
    ("required_software = ['git', 3]", "required_software must be a list of text"),
    ("theme = 7", "theme must be text"),
    ("this is [not toml", "not valid TOML"),
])
def test_bad_values_name_the_key(tmp_path, content, needle):
    path = tmp_path / "c.toml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=needle):
        load_settings(path)


def test_edge_values_are_accepted(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("session_minutes = 5\nprobe_timeout = 300\nautosave_seconds = 1\n")
    s = load_settings(path)
    assert (s.session_minutes, s.probe_timeout, s.autosave_seconds) == (5, 300.0, 1.0)
    assert isinstance(s.autosave_seconds, float)


def test_settings_are_checked_when_made_in_code():
    with pytest.raises(SettingsError, match="session_minutes must be at least 5"):
        Settings(session_minutes=4)


def test_app_with_bad_settings_exits_with_one_line(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text("session_minutes = -3\n")
    out = run_cli()
    assert out.returncode == 1 and "session_minutes" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
