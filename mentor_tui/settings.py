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

from dataclasses import dataclass, field, fields

SETTINGS_CAP = 1024 * 1024  # a real settings file is under 1 KiB

#: The software a course usually needs; ``a|b`` means any one of them will do.
DEFAULT_SOFTWARE = ("git", "python3", "code|nvim|vim|nano", "node", "firefox|chromium|google-chrome|chrome")


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


# The settings are a plain frozen dataclass checked by ``_check`` below, not a pydantic model:
# they are read before the first screen, and pydantic's import and a model's build cost ~50 ms
# there (a sixth of the start). They are a config file, not a stored record: the records' one
# set of rules stays in ``models.py``.


@dataclass(frozen=True)
class Settings:
    """Everything the learner can tune. Unknown keys are errors, so a typo is noticed."""

    session_minutes: int = 45
    """Planned length of a new session, in minutes (5-600)."""

    stuck_check_minutes: int = 15
    """How long the "am I really stuck?" timebox runs before suggesting the mentor (1-240)."""

    practice_due_hours: int = 24
    """New practice tasks are due this many hours after they are made (1-336)."""

    required_software: list[str] = field(default_factory=lambda: list(DEFAULT_SOFTWARE))
    """Commands the course needs on PATH; ``a|b`` means any one of them will do."""

    probe_server: str = ""
    """A Speedtest Mini-style server URL for the bandwidth probe; empty means speedtest.net."""

    probe_timeout: float = 30.0
    """Overall time limit of the bandwidth probe, in seconds (over 0, at most 300)."""

    autosave_seconds: float = 0.5
    """Session notes are saved this long after the last keystroke (over 0, at most 5; at most
    about a second of typing may be lost)."""

    theme: str = "textual-dark"
    """A Textual theme name (the command palette's "Change theme" lists them)."""

    def __post_init__(self) -> None:
        for name, (kind, low, high, low_open) in _RULES.items():
            value = getattr(self, name)
            problem = _problem(value, kind, low, high, low_open)
            if problem:
                raise SettingsError(f"{name} {problem}")
            if kind is float:
                object.__setattr__(self, name, float(value))


#: Per key: its type, and for numbers the lowest and highest value (and whether the lowest is
#: itself refused).
_RULES: dict[str, tuple[type, float | None, float | None, bool]] = {
    "session_minutes": (int, 5, 600, False),
    "stuck_check_minutes": (int, 1, 240, False),
    "practice_due_hours": (int, 1, 24 * 14, False),
    "required_software": (list, None, None, False),
    "probe_server": (str, None, None, False),
    "probe_timeout": (float, 0, 300, True),
    "autosave_seconds": (float, 0, 5, True),
    "theme": (str, None, None, False),
}
_TYPE_NAME = {int: "a whole number", float: "a number", str: "text", list: "a list of text"}


def _problem(value: object, kind: type, low: float | None, high: float | None, low_open: bool) -> str:
    """Why *value* does not fit, or "" when it does."""
    wrong = f"must be {_TYPE_NAME[kind]}, not {value!r}"[:120]
    if kind is list:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return "" if ok else wrong
    if kind is str:
        return "" if isinstance(value, str) else wrong
    numbers = (int,) if kind is int else (int, float)
    if isinstance(value, bool) or not isinstance(value, numbers):
        return wrong
    if value != value:  # NaN
        return wrong
    if low is not None and (value <= low if low_open else value < low):
        return f"must be {'more than' if low_open else 'at least'} {low:g}"
    if high is not None and value > high:
        return f"must be at most {high:g}"
    return ""


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
    known = {f.name for f in fields(Settings)}
    unknown = next((k for k in data if k not in known), None)
    if unknown is not None:
        raise SettingsError(f"settings file {path}: {unknown[:80]!r} is not a known setting")
    try:
        return Settings(**data)
    except SettingsError as exc:
        raise SettingsError(f"settings file {path}: {exc}") from None
