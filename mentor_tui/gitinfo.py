"""Where a question came from: the working directory and, inside a git repository, its name and
branch.

Read straight from ``.git/HEAD`` instead of running ``git``: it costs microseconds instead of the
5-10 ms of a subprocess, which matters for ``mentor-tui ask``; it works without git installed and
can never hang: only regular files are read (a FIFO named ``.git/HEAD`` would block ``ask`` for
ever), and only their first few kilobytes. What is read is cleaned and shortened by the model
(``QuestionContext``), so an odd branch name never blocks a capture.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: More than any real ``.git`` pointer file or ``HEAD`` holds.
READ_CAP = 4096


def read_small_file(path: Path, cap: int = READ_CAP) -> str:
    """The first *cap* bytes of *path* as text (undecodable bytes replaced).

    Raises OSError unless *path* is a regular file. Opened non-blocking so that a FIFO can't make
    the open itself wait for a writer; checked on the open descriptor, so a swap can't slip by.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.read(fd, cap).decode("utf-8", errors="replace")
    finally:
        os.close(fd)


def find_repo(start: Path) -> tuple[str, str]:
    """(repository name, branch) for *start*, or ("", "") outside a repository.

    A detached HEAD gives the short commit hash as the branch.
    """
    try:
        here = start.resolve()
    except OSError:
        return "", ""
    for folder in (here, *here.parents):
        dot_git = folder / ".git"
        try:
            if dot_git.is_dir():
                git_dir = dot_git
            elif dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
                target = read_small_file(dot_git).strip().removeprefix("gitdir:").strip()
                git_dir = (folder / target).resolve()
            else:
                continue
            head = read_small_file(git_dir / "HEAD").strip()
        except (OSError, ValueError):  # ValueError: a NUL byte in the gitdir path
            return folder.name, ""
        if head.startswith("ref:"):
            branch = head.removeprefix("ref:").strip().removeprefix("refs/heads/")
        else:
            branch = head[:8]
        return folder.name, branch
    return "", ""
