"""Where mentor-tui keeps things: one place, overridable by flag and environment variable.

Nothing here creates a folder at import time; the store creates the data folder when it opens.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "mentor-tui"
DATA_ENV = "MENTOR_TUI_DATA_DIR"
CONFIG_ENV = "MENTOR_TUI_CONFIG"
CACHE_ENV = "MENTOR_TUI_CACHE_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$MENTOR_TUI_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # deferred: only needed without an override (~3 ms)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The settings file: ``$MENTOR_TUI_CONFIG``, else ``config.toml`` in the platform's config dir."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def cache_dir() -> Path:
    """What can be rebuilt (parsed stylesheets): ``$MENTOR_TUI_CACHE_DIR``, else the platform's
    cache folder. Never inside the data folder, which sync shares between machines."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def backup_dir(data: Path) -> Path:
    """Daily backups live beside the data, so moving the data folder moves them too."""
    return data / "backups"
