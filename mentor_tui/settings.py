"""The learner's settings: one optional TOML file, every key documented, defaults need no file.

Example ``config.toml`` (every key optional)::

    session_minutes = 45          # planned length of a new session
    stuck_check_minutes = 15      # timebox of an "am I really stuck?" check
    practice_due_hours = 24       # new practice tasks are due this soon
    required_software = ["git", "python3", "code|nvim|vim", "node", "firefox|chromium|google-chrome"]
    probe_server = ""             # a Speedtest Mini-style server URL; empty = speedtest.net
    probe_timeout = 30            # seconds the bandwidth probe may take in all
    autosave_seconds = 0.5        # notes are saved this long after the last keystroke
    theme = "textual-dark"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


SETTINGS_CAP = 1024 * 1024  # a real settings file is under 1 KiB


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


class Settings(BaseModel):
    """Everything the learner can tune. Unknown keys are errors, so a typo is noticed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session_minutes: int = Field(default=45, ge=5, le=600)
    """Planned length of a new session, in minutes."""

    stuck_check_minutes: int = Field(default=15, ge=1, le=240)
    """How long the "am I really stuck?" timebox runs before suggesting the mentor."""

    practice_due_hours: int = Field(default=24, ge=1, le=24 * 14)
    """New practice tasks are due this many hours after they are made."""

    required_software: list[str] = Field(
        default_factory=lambda: [
            "git",
            "python3",
            "code|nvim|vim|nano",
            "node",
            "firefox|chromium|google-chrome|chrome",
        ]
    )
    """Commands the course needs on PATH; ``a|b`` means any one of them will do."""

    probe_server: str = ""
    """A Speedtest Mini-style server URL for the bandwidth probe; empty means speedtest.net."""

    probe_timeout: float = Field(default=30.0, gt=0, le=300)
    """Overall time limit of the bandwidth probe, in seconds."""

    autosave_seconds: float = Field(default=0.5, gt=0, le=5)
    """Session notes are saved this long after the last keystroke (at most ~1 s may be lost)."""

    theme: str = "textual-dark"
    """A Textual theme name (the command palette's "Change theme" lists them)."""


def load_settings(path: Path | None) -> Settings:
    """Read *path* if it exists; defaults otherwise. Raises SettingsError with the key at fault."""
    from .store.files import read_regular

    if path is None:
        return Settings()
    try:
        # Never opened unless a regular file of at most 1 MiB: a link to /dev/zero or a FIFO
        # would hang start-up, a huge file would stall it.
        data = tomllib.loads(read_regular(path, SETTINGS_CAP).decode("utf-8"))
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"settings file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise SettingsError(f"settings file {path} is nested too deeply to read") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "?"
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "is not a known setting"
        raise SettingsError(f"settings file {path}: {key} {msg}") from None
