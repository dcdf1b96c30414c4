"""``python -m mentor_tui`` is the same as the ``mentor-tui`` command."""

from .cli import main

raise SystemExit(main())
