"""Sync rounds: one history across a learner's machines, through a git remote they already have.

On disk::

    <data>/.sync/repo/         a private clone; its work tree holds copies of the data files
    <data>/.sync/state.json    this machine's name, the remote, per file the version live and repo
                               last agreed on ("applied", a git blob id), the last result
    <data>/.sync/round.lock    one round at a time

The repository is never the data folder itself: git rewrites files by unlink + create, so the app's
lock-free readers could see a half-written file. Only this module copies between the two, under
the store's lock and with the store's atomic writes.

A round: **snapshot** (live changes → repo, commit), **fetch**, **merge** (git, with our record
merge as the driver; aborted on any failure), **apply** (repo changes → live, merged against
whatever was typed meanwhile), **push** (rejected: fetch and merge again, 3 tries, never force).
Live data is untouched unless apply runs, and apply only ever writes a merge that contains the
live file's own changes.

A session that is live (its notes editor open, autosaving) is skipped by apply until it ends:
the editor's next autosave writes its whole text and would erase what the merge brought in.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from ..models import new_id, utcnow
from ..store import Store
from ..store.files import DIR_MODE, atomic_write
from ..store.lock import FolderLock, LockTimeout
from .datafile import BY_NAME, collection_for, data_files, load, merge_bytes
from .driver import OURS_ENV, REPORT_ENV, THEIRS_ENV
from .git import Git, GitError, explain
from .merge import MergeRefused, latest_time, parse_time
from ..plural import counted

SYNC_DIR = ".sync"
MARKER = "mentor-tui-sync.json"
BRANCH = "main"
WARN_AHEAD = timedelta(minutes=5)
BLOCK_AHEAD = timedelta(hours=24)
PUSH_TRIES = 3
GITATTRIBUTES = "* -text\n*.json merge=mentor-tui\n"
GITIGNORE = "# only mentor-tui data files are synced\n*.corrupt-*\n.*.tmp-*\n"
SYNCER_SIGNS = {".stfolder": "Syncthing", ".dropbox": "Dropbox", ".dropbox.cache": "Dropbox"}
SYNCER_NAMES = ("Dropbox", "OneDrive", "Mobile Documents", "iCloud Drive", "Nextcloud", "Google Drive")


class SyncError(Exception):
    """A round or setup that could not complete; ``str()`` is the one line to show."""


@dataclass
class Outcome:
    message: str
    warnings: list[str] = field(default_factory=list)
    pulled: int = 0
    pushed: int = 0


def blob_id(data: bytes) -> str:
    """git's id for a file's bytes (so the state can name versions without running git)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def machine_name(name: str | None) -> str:
    raw = name or socket.gethostname().split(".")[0] or "this-machine"
    clean = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in raw).strip("-")[:40]
    return clean or "this-machine"


class SyncFolder:
    """Sync state and the private repository of one data folder."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.clock = clock
        self.dir = store.root / SYNC_DIR
        self.repo = self.dir / "repo"
        self.state_path = self.dir / "state.json"
        self.state: dict = {}
        self.reports: list[str] = []
        #: Test hook: called with "snapshot" and "merged" between the round's steps.
        self.between: Callable[[str], None] | None = None

    # -- state -----------------------------------------------------------------------------------

    @property
    def is_set_up(self) -> bool:
        return self.state_path.is_file()

    def load_state(self) -> dict:
        try:
            self.state = orjson.loads(self.state_path.read_bytes())
        except FileNotFoundError:
            raise SyncError("sync is not set up here; run: mentor-tui sync setup URL") from None
        except (OSError, orjson.JSONDecodeError) as exc:
            raise SyncError(f"sync state {self.state_path} is unreadable ({exc}); "
                            "move it away and run sync setup again") from None
        self.state.setdefault("applied", {})
        self.state.setdefault("seen", {})
        return self.state

    def save_state(self) -> None:
        atomic_write(self.state_path, orjson.dumps(self.state, option=orjson.OPT_INDENT_2))

    def git(self) -> Git:
        hooks = self.dir / "no-hooks"
        hooks.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        return Git(self.repo, self.state.get("machine", "this-machine"), hooks)

    def record(self, ok: bool, message: str, conflict: bool = False) -> None:
        """Remember how the last round ended (what `sync status` and the app's badge show)."""
        self.state["last"] = {"at": self.clock().isoformat(), "ok": ok, "message": message,
                              "conflict": conflict}
        if ok:
            self.state["last_ok_at"] = self.clock().isoformat()
        self.save_state()

    # -- one round -------------------------------------------------------------------------------

    def sync(self, *, accept_clock: bool = False) -> Outcome:
        """Run one round; raises SyncError with the line to show (and records it)."""
        self.load_state()
        lock = FolderLock(self.dir / "round.lock", timeout=0, mode=0o600)
        try:
            lock.acquire()
        except LockTimeout:
            raise SyncError("a sync is already running for this data folder") from None
        try:
            try:
                outcome = self._round(accept_clock)
            except SyncError as exc:
                self.record(False, str(exc))
                raise
            self.record(True, outcome.message,
                        conflict=any("overlapping" in w for w in outcome.warnings))
            return outcome
        finally:
            lock.release()

    def _round(self, accept_clock: bool) -> Outcome:
        from .fold import fold_conflict_copies

        git = self.git()
        url = git("remote", "get-url", "origin", check=False).out.strip() or self.state.get("remote", "")
        outcome = Outcome("")
        outcome.warnings.extend(fold_conflict_copies(self.store).lines())
        self._snapshot(git)
        if self.between:
            self.between("snapshot")
        for _ in range(PUSH_TRIES):
            try:
                git("fetch", "--quiet", "origin", network=True)
            except GitError as exc:
                raise SyncError(explain(exc, url)) from None
            if self._has("refs/remotes/origin/" + BRANCH, git):
                self._check_marker(git)
                outcome.pulled += self._merge(git, accept_clock, outcome)
            ahead = git("rev-list", "--count", f"origin/{BRANCH}..HEAD", check=False)
            if ahead.code == 0 and ahead.out.strip() == "0":
                break
            pushed = git("push", "--quiet", "origin", f"HEAD:refs/heads/{BRANCH}", network=True, check=False)
            if pushed.code == 0:
                outcome.pushed = 1
                break
            err = pushed.err.lower()
            if "rejected" in err or "fetch first" in err or "non-fast-forward" in err:
                continue
            raise SyncError(explain(GitError("push failed", pushed.err), url))
        else:
            raise SyncError("Another machine is syncing; retry in a minute.")
        parts = []
        if outcome.pulled:
            parts.append(f"{outcome.pulled} file{'s' * (outcome.pulled != 1)} in")
        if outcome.pushed:
            parts.append("changes out")
        outcome.message = "Synced: " + (", ".join(parts) if parts else "nothing new") + "."
        outcome.warnings.extend(self.reports)
        return outcome

    @staticmethod
    def _has(ref: str, git: Git) -> bool:
        return git("rev-parse", "--verify", "--quiet", ref, check=False).code == 0

    def _check_marker(self, git: Git) -> None:
        shown = git("show", f"origin/{BRANCH}:{MARKER}", check=False)
        try:
            marker = orjson.loads(shown.out) if shown.code == 0 else None
        except orjson.JSONDecodeError:
            marker = None
        if not isinstance(marker, dict) or marker.get("format") != "mentor-tui-sync":
            raise SyncError("origin holds something that is not a mentor-tui history; nothing changed.")
        if self.state.get("dataset") and marker.get("dataset") != self.state["dataset"]:
            raise SyncError("origin holds another mentor-tui history; nothing changed "
                            "(to join it, move .sync away and run sync setup again).")
        if int(marker.get("version", 1)) > 1:
            raise SyncError("origin was written by a newer mentor-tui; upgrade mentor-tui to sync.")

    # -- snapshot: live -> repo ------------------------------------------------------------------

    def _snapshot(self, git: Git) -> None:
        applied, seen = self.state["applied"], self.state["seen"]
        with self.store.locked():
            for rel in sorted(set(data_files(self.store.root)) | set(data_files(self.repo))):
                live, repo = self.store.root / rel, self.repo / rel
                live_raw = _read(live)
                repo_raw = _read(repo)
                if live_raw is None:  # new from another machine, not applied yet
                    if repo_raw is not None:
                        self._write_live(rel, repo_raw)
                        applied[rel] = blob_id(repo_raw)
                        seen[rel] = _sig(live)
                    continue
                repo_unchanged = repo_raw is not None and blob_id(repo_raw) == applied.get(rel)
                if repo_unchanged and seen.get(rel) == _sig(live):
                    continue  # neither side changed since they last agreed
                if repo_raw is None or repo_unchanged:
                    # only live changed; merging it with itself drops records its own tombstones
                    # outlive (a re-import of something deleted since)
                    new, result = self._merge_versions(rel, live_raw, live_raw, live_raw)
                else:
                    base = self._blob(git, applied.get(rel))
                    new, result = self._merge_versions(rel, base, live_raw, repo_raw)
                self.reports.extend(f"{rel}: {line}" for line in result.reports)
                if load(rel, new) != load(rel, live_raw):
                    if self._skip(rel, live_raw):
                        self._write_repo(rel, new)
                        continue  # keep "applied": the live file still descends from it
                    self._write_live(rel, new)
                if repo_raw is None or load(rel, new) != load(rel, repo_raw):
                    self._write_repo(rel, new)
                applied[rel] = blob_id(_read(repo) or b"")
                seen[rel] = _sig(live)
        self._commit(git, f"Changes from {self.state.get('machine')}")
        self.save_state()

    # -- merge: origin -> repo -------------------------------------------------------------------

    def _merge(self, git: Git, accept_clock: bool, outcome: Outcome) -> int:
        """Merge origin into the repo, check every changed file, then apply them to live data."""
        before = git("rev-parse", "HEAD").out.strip()
        report = self.dir / "merge-report.txt"
        report.unlink(missing_ok=True)
        theirs = git("log", "-1", "--format=%an", f"origin/{BRANCH}", check=False).out.strip()
        git.extra_env = {OURS_ENV: self.state.get("machine", ""), THEIRS_ENV: theirs,
                         REPORT_ENV: str(report)}
        merged = git("merge", "--quiet", "--no-edit", "-m", f"Merge from {theirs or 'origin'}",
                     f"origin/{BRANCH}", check=False)
        git.extra_env = {}
        if merged.code != 0:
            git("merge", "--abort", check=False)
            git("reset", "--hard", "--quiet", before, check=False)
            err = merged.err + merged.out
            if "unrelated histories" in err:
                raise SyncError("origin holds another mentor-tui history; nothing changed.")
            reason = next((line.split("Couldn't merge ", 1)[1] for line in err.splitlines()
                           if "Couldn't merge " in line), None)
            if reason:
                raise SyncError(f"Couldn't merge {reason} Nothing changed.")
            detail = err.strip().splitlines()[-1].rstrip(".") if err.strip() else "git failed"
            raise SyncError(f"Couldn't merge origin: {detail}. Nothing changed.")
        changed = [rel for rel in git("diff", "--name-only", before, "HEAD").out.splitlines()
                   if collection_for(rel) is not None]
        try:
            newest = self._check_files(changed)
        except SyncError:
            git("reset", "--hard", "--quiet", before, check=False)
            raise
        now = self.clock()
        if newest is not None and newest - now > WARN_AHEAD:
            ahead = _hours(newest - now)
            if newest - now > BLOCK_AHEAD and not accept_clock:
                git("reset", "--hard", "--quiet", before, check=False)
                raise SyncError(f"origin has changes dated {ahead} ahead of this machine's clock; "
                                "fix the clock (or run `mentor-tui sync --accept-clock`). Nothing changed.")
            outcome.warnings.append(f"This machine's clock is {ahead} behind changes from origin; "
                                    "check its date and time.")
        if report.exists():
            self.reports.extend(report.read_text("utf-8").splitlines())
        if self.between:
            self.between("merged")
        self._apply(git, changed)
        return len(changed)

    def _check_files(self, changed: list[str]) -> datetime | None:
        newest = None
        for rel in changed:
            try:
                tables = load(rel, _read(self.repo / rel))
            except MergeRefused as exc:
                raise SyncError(f"Couldn't merge {rel}: {exc}. Nothing changed.") from None
            latest = latest_time(tables, collection_for(rel).name)
            if latest and (newest is None or latest > newest):
                newest = latest
        return newest

    # -- apply: repo -> live ---------------------------------------------------------------------

    def _apply(self, git: Git, changed: list[str]) -> None:
        applied, seen = self.state["applied"], self.state["seen"]
        with self.store.locked():
            for rel in changed:
                repo_raw = _read(self.repo / rel)
                if repo_raw is None:
                    continue
                live = self.store.root / rel
                live_raw = _read(live)
                if self._skip(rel, live_raw):
                    self.reports.append(f"{rel}: a live session; its changes come in after it ends")
                    continue
                if live_raw is None:
                    new = repo_raw
                else:
                    base = self._blob(git, applied.get(rel))
                    try:
                        new, result = self._merge_versions(rel, base, live_raw, repo_raw)
                    except SyncError as exc:
                        self.reports.append(str(exc))
                        continue
                    self.reports.extend(f"{rel}: {line}" for line in result.reports)
                if live_raw is None or load(rel, new) != load(rel, live_raw):
                    self._write_live(rel, new)
                applied[rel] = blob_id(repo_raw)
                if load(rel, new) == load(rel, repo_raw):
                    seen[rel] = _sig(live)
                else:
                    seen.pop(rel, None)  # live has changes of its own: the next snapshot takes them
        self.save_state()

    # -- helpers ---------------------------------------------------------------------------------

    def _merge_versions(self, rel: str, base: bytes | None, live: bytes, repo: bytes):
        try:
            return merge_bytes(rel, base, live, repo, names=(self.state.get("machine", ""), ""))
        except MergeRefused as exc:
            raise SyncError(f"Couldn't merge {rel}: {exc}. Nothing changed.") from None

    def _skip(self, rel: str, live_raw: bytes | None) -> bool:
        """True for the file of a session that is live now (see the module docstring)."""
        if live_raw is None or not rel.startswith("sessions/"):
            return False
        try:
            tables = load(rel, live_raw) or {}
        except MergeRefused:
            return False
        return any(isinstance(r, dict) and r.get("status") == "live"
                   for r in (tables.get("sessions") or {}).values())

    def _blob(self, git: Git, blob: str | None) -> bytes | None:
        if not blob:
            return None
        shown = git("cat-file", "blob", blob, check=False)
        return shown.out.encode("utf-8") if shown.code == 0 else None

    def _write_live(self, rel: str, data: bytes) -> None:
        path = self.store.root / rel
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        atomic_write(path, data)

    def _write_repo(self, rel: str, data: bytes) -> None:
        path = self.repo / rel
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        atomic_write(path, data)

    def _commit(self, git: Git, message: str) -> bool:
        git("add", "--all", ".")
        if git("diff", "--cached", "--quiet", check=False).code == 0:
            return False
        git("commit", "--quiet", "--no-verify", "-m", message)
        return True

    # -- setup -----------------------------------------------------------------------------------

    def setup(self, url: str, name: str | None = None) -> Outcome:
        """Start a synced history on an empty remote, or join the one it holds."""
        if self.is_set_up:
            self.load_state()
            raise SyncError(f"sync is already set up here (origin: {self.state.get('remote')})")
        syncer = inside_file_syncer(self.store.root)
        if syncer:
            raise SyncError(f"the data folder is inside a file syncer ({syncer}); syncing it twice "
                            "makes conflict copies. Move it out (mentor-tui --data-dir) first.")
        if self.dir.exists():
            shutil.rmtree(self.dir)  # a setup that failed halfway; nothing of the learner's is here
        self.repo.mkdir(mode=DIR_MODE, parents=True)
        self.state = {"format": "mentor-tui-sync-state", "machine": machine_name(name), "remote": url,
                      "applied": {}, "seen": {}}
        git = self.git()
        try:
            return self._setup(git, url)
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _setup(self, git: Git, url: str) -> Outcome:
        git("init", "--quiet", "-b", BRANCH, ".")
        git("remote", "add", "origin", url)
        try:
            git("fetch", "--quiet", "origin", network=True)
        except GitError as exc:
            raise SyncError(explain(exc, url)) from None
        refs = git("for-each-ref", "--format=%(refname)", "refs/remotes/origin").out.split()
        if not refs:
            self.state["dataset"] = new_id()
            marker = {"format": "mentor-tui-sync", "version": 1, "dataset": self.state["dataset"]}
            (self.repo / MARKER).write_bytes(orjson.dumps(marker) + b"\n")
            (self.repo / ".gitattributes").write_text(GITATTRIBUTES)
            (self.repo / ".gitignore").write_text(GITIGNORE)
            self._commit(git, "Start a mentor-tui history")
            self.save_state()
            outcome = self.sync()
            outcome.message = f"Sync set up: a new history on origin, as {self.state['machine']}."
            return outcome
        if f"refs/remotes/origin/{BRANCH}" not in refs:
            raise SyncError("origin holds something that is not a mentor-tui history; nothing changed.")
        self._check_marker(git)
        shown = orjson.loads(git("show", f"origin/{BRANCH}:{MARKER}").out)
        self.state["dataset"] = shown.get("dataset")
        git("reset", "--hard", "--quiet", f"origin/{BRANCH}")
        preview = self.preview()
        self.save_state()
        outcome = self.sync()
        outcome.message = f"Sync set up as {self.state['machine']}: joined origin's history ({preview})."
        return outcome

    def preview(self) -> str:
        """What joining brings: records on origin, records only here (read before anything moves)."""
        incoming = here_only = 0
        for rel in sorted(set(data_files(self.store.root)) | set(data_files(self.repo))):
            kind = collection_for(rel).name
            try:
                theirs = set(((load(rel, _read(self.repo / rel)) or {}).get(kind) or {}))
                ours = set(((load(rel, _read(self.store.root / rel)) or {}).get(kind) or {}))
            except MergeRefused:
                continue
            incoming += len(theirs - ours)
            here_only += len(ours - theirs)
        comes = "comes" if incoming == 1 else "come"
        goes = "goes" if here_only == 1 else "go"
        return f"{counted(incoming, 'record')} {comes} in, {here_only} only here {goes} out"

    # -- status ----------------------------------------------------------------------------------

    def status(self) -> dict:
        """Without the network: machine, remote, last result, files waiting to go out."""
        self.load_state()
        waiting = {rel for rel in data_files(self.store.root)
                   if self.state["seen"].get(rel) != _sig(self.store.root / rel)}
        if (self.repo / ".git").exists():
            git = self.git()
            if self._has(f"refs/remotes/origin/{BRANCH}", git):
                diff = git("diff", "--name-only", f"origin/{BRANCH}", "HEAD", check=False)
                waiting |= {r for r in diff.out.splitlines() if collection_for(r) is not None}
            else:
                waiting |= set(data_files(self.repo))
        last = self.state.get("last") or {}
        return {
            "machine": self.state.get("machine"),
            "remote": self.state.get("remote"),
            "last_at": last.get("at"),
            "last_ok": last.get("ok"),
            "last_message": last.get("message"),
            "last_ok_at": self.state.get("last_ok_at"),
            "conflict": bool(last.get("conflict")),
            "waiting": len(waiting),
        }


def inside_file_syncer(root: Path) -> str | None:
    """The file syncer whose folder holds *root*, if any (the data must not be synced twice)."""
    path = root.resolve()
    for folder in [path, *path.parents]:
        for sign, syncer in SYNCER_SIGNS.items():
            if (folder / sign).exists():
                return syncer
        if folder.name in SYNCER_NAMES:
            return folder.name
    return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _sig(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 1 else f"{delta.total_seconds() / 60:.0f} min"


__all__ = ["BY_NAME", "Outcome", "SyncError", "SyncFolder", "inside_file_syncer", "parse_time"]
