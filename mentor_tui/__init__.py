"""mentor-tui: a terminal companion for one-to-one mentoring sessions."""

__version__ = "0.1.0"
