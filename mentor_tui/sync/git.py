"""Running git for sync: the CLI with list arguments, never a prompt, never a hang.

- no terminal prompt, askpass or credential-manager dialog can open (a background round must never
  wait for a password nobody will type);
- ssh gets ``BatchMode=yes`` only when the learner configured no ssh command of their own;
- every call has a timeout, after which the whole process group is killed: ``run(timeout=)`` would
  kill git but leave its ssh child running (cpython#81605);
- our merge driver is passed on every call: an undefined driver silently falls back to a text
  merge that puts conflict markers inside the JSON.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import mentor_tui

LOCAL_TIMEOUT = 30.0
NETWORK_TIMEOUT = 90.0
TIMEOUT_ENV = "MENTOR_TUI_SYNC_TIMEOUT"  # seconds, for network calls (tests use a short one)


class GitError(Exception):
    """A git call that failed; ``str()`` is the one line the learner sees."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


class GitTimeout(GitError):
    pass


@dataclass
class Result:
    code: int
    out: str
    err: str


def driver_command() -> str:
    return f"{shlex.quote(sys.executable)} -m mentor_tui.sync.driver %O %A %B %P"


def network_timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV, NETWORK_TIMEOUT))
    except ValueError:
        return NETWORK_TIMEOUT


class Git:
    """git in one repository, as machine *machine*."""

    def __init__(self, repo: Path, machine: str, hooks: Path) -> None:
        self.repo = repo
        self.machine = machine
        self.hooks = hooks
        self.extra_env: dict[str, str] = {}
        self._batch_ssh: bool | None = None

    def config_args(self) -> list[str]:
        pairs = {
            "merge.mentor-tui.name": "mentor-tui record merge",
            "merge.mentor-tui.driver": driver_command(),
            "merge.renames": "false",
            "merge.ff": "true",
            "core.hooksPath": str(self.hooks),
            "core.autocrlf": "false",
            "core.quotePath": "false",
            "commit.gpgSign": "false",
            "gc.auto": "0",
            "user.name": self.machine,
            "user.email": f"{self.machine}@mentor-tui.invalid",
        }
        return [arg for key, value in pairs.items() for arg in ("-c", f"{key}={value}")]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        package_root = str(Path(mentor_tui.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.update(
            GIT_TERMINAL_PROMPT="0",
            GIT_ASKPASS="",
            SSH_ASKPASS="",
            SSH_ASKPASS_REQUIRE="never",
            GCM_INTERACTIVE="never",
            GIT_MERGE_AUTOEDIT="no",
            LC_ALL="C",
            LANGUAGE="",
        )
        if self._needs_batch_ssh(env):
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
        env.update(self.extra_env)
        return env

    def _needs_batch_ssh(self, env: dict[str, str]) -> bool:
        """BatchMode only when the learner set no ssh command (theirs may need options we'd break)."""
        if env.get("GIT_SSH_COMMAND") or env.get("GIT_SSH"):
            return False
        if self._batch_ssh is None:
            found = self._spawn(["config", "--get", "core.sshCommand"], dict(env), LOCAL_TIMEOUT)
            self._batch_ssh = not found.out.strip()
        return self._batch_ssh

    def __call__(self, *args: str, network: bool = False, check: bool = True,
                 timeout: float | None = None) -> Result:
        """Run ``git ARGS`` in the repository; raise GitError on a non-zero exit when *check*."""
        limit = timeout or (network_timeout() if network else LOCAL_TIMEOUT)
        result = self._spawn(args, self.env(), limit)
        if check and result.code != 0:
            raise GitError(f"git {args[0]} failed: {last_line(result.err)}", result.err)
        return result

    def _spawn(self, args, env: dict[str, str], limit: float) -> Result:
        try:
            proc = subprocess.Popen(
                ["git", *self.config_args(), *args],
                cwd=self.repo,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,  # its own process group, so a timeout can end ssh too
            )
        except FileNotFoundError:
            raise GitError("git is not installed (sync needs it); install git and retry") from None
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise GitTimeout(f"git {args[0]} took over {limit:.0f} s") from None
        return Result(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def remote_host(url: str) -> str:
    """A short name for the remote in messages ("github.com", "/media/stick/notes.git")."""
    if "://" in url:
        rest = url.split("://", 1)[1]
        host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
        return host or rest
    if ":" in url and not url.startswith("/"):
        return url.split(":", 1)[0].rsplit("@", 1)[-1]
    return url


AUTH_SIGNS = ("permission denied", "host key verification failed", "authentication failed",
              "could not read username", "could not read password", "access denied",
              "403", "401", "terminal prompts disabled")
OFFLINE_SIGNS = ("could not resolve", "connection refused", "connection timed out", "network is unreachable",
                 "does not appear to be a git repository", "no such file or directory",
                 "could not read from remote repository", "unable to access", "not found",
                 "connection closed", "operation timed out", "no route to host")


def explain(exc: GitError, url: str) -> str:
    """The one line the learner reads for a failed fetch or push."""
    err = exc.stderr.lower()
    host = remote_host(url)
    if "dubious ownership" in err:
        return ("git does not trust the sync folder's owner (a USB stick?); run once: "
                "git config --global --add safe.directory '*'  (or name the folder instead of '*')")
    if isinstance(exc, GitTimeout):
        return f"Can't reach origin ({host}): no answer in time; changes wait here."
    if any(sign in err for sign in AUTH_SIGNS):
        return f"origin ({host}) refused this machine; run `mentor-tui sync` in a terminal once."
    if any(sign in err for sign in OFFLINE_SIGNS) or not err.strip():
        return f"Can't reach origin ({host}); changes wait here."
    return f"origin ({host}): {last_line(exc.stderr)}"
