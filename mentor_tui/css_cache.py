"""Textual's parsed stylesheets, kept on disk between starts.

Textual parses every stylesheet on every start: our ``.tcss`` files and the ``DEFAULT_CSS`` of
each widget class as it first mounts. Measured on the first frame at 120x40 (stop 14): about
28 ms of tokenising, plus about 12 ms compiling the tokenizer's regular expressions, out of a
first frame of about 380 ms. Unpickling the same rules takes about 3 ms.

So the app's stylesheet looks each source up here first. A key covers everything the result
depends on: the CSS text, where it was read from, its flags, the theme's variables, the Python
version and Textual's installed parser files (their size and mtime: an upgrade misses). A miss
parses as Textual does and remembers the result; :meth:`CssCache.save` adds it to the file with
the store's ``atomic_write``, in a thread, after the first frame and at quit. The file is a
cache: a missing, damaged or foreign one is ignored and replaced, and a folder that cannot be
written only costs the time.

An entry's bytes are let go once they are loaded (the rules themselves are what the stylesheet
keeps), and new ones once written: the file holds every theme's and every widget's rules seen
(~0.4 MB), and the whole of it stayed in memory for as long as the app ran, only for a save
that merges with the file on disk anyway.

The file is a pickle in the learner's own cache folder, read only by their own processes: the
same trust as their installed packages.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading
from pathlib import Path

from textual.css import parse as _textual_parse
from textual.css import stylesheet as _textual_stylesheet
from textual.css.stylesheet import Stylesheet

from .paths import cache_dir
from .store.files import atomic_write

#: Bumped when the file's layout changes.
FORMAT = 1


def _textual_stamp() -> bytes:
    """Size and mtime of Textual's CSS modules: a different Textual gives different keys."""
    parts = []
    for module in (_textual_parse, _textual_stylesheet):
        st = os.stat(module.__file__)
        parts.append(f"{module.__file__}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts).encode()


class CssCache:
    """Parsed rules by key, read from and written to one file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        #: Entries read from the file and not asked for yet.
        self._entries: dict[bytes, bytes] = {}
        #: Rules loaded from an entry, by key: a second stylesheet (Textual copies its own)
        #: asking again gets the same rules, as Textual's parse cache would give them.
        self._loaded: dict[bytes, object] = {}
        #: Entries parsed this run and not written yet.
        self._new: dict[bytes, bytes] = {}
        self._lock = threading.Lock()
        self._stamp = f"{FORMAT}:{sys.version_info[:2]}:".encode() + _textual_stamp()
        if path is not None:
            self._entries = self._read(path)

    @staticmethod
    def _read(path: Path) -> dict[bytes, bytes]:
        try:
            entries = pickle.loads(path.read_bytes())
        except Exception:  # missing, damaged or foreign: start empty, replaced at the next save
            return {}
        if not isinstance(entries, dict):
            return {}
        return entries

    def key(self, *parts: object) -> bytes:
        return hashlib.blake2b(self._stamp + repr(parts).encode(), digest_size=20).digest()

    def get(self, key: bytes):
        """The rules stored under *key*, or None (also for an entry that does not load)."""
        with self._lock:
            if key in self._loaded:
                return self._loaded[key]
            blob = self._entries.pop(key, None) or self._new.get(key)
        if blob is None:
            return None
        try:
            rules = pickle.loads(blob)
        except Exception:
            return None
        with self._lock:
            return self._loaded.setdefault(key, rules)

    def put(self, key: bytes, rules) -> None:
        try:
            blob = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a rule that does not pickle is parsed again next time
            return
        with self._lock:
            self._new[key] = blob

    def save(self) -> None:
        """Add the entries parsed since the last save to the file (temp file, then rename),
        keeping the ones it holds."""
        if self.path is None:
            return
        with self._lock:
            if not self._new:
                return
            new = dict(self._new)
        entries = self._read(self.path)
        entries.update(new)
        blob = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        del entries
        with self._lock:
            for key in new:
                self._new.pop(key, None)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, blob)
        except OSError:
            pass  # a read-only or full cache folder: the next start parses again


class CachedStylesheet(Stylesheet):
    """Textual's stylesheet, looking parsed rules up in a :class:`CssCache` before parsing."""

    def __init__(self, *, cache: CssCache, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.disk_cache = cache
        self._variables_digest: str | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_digest = None

    def copy(self) -> Stylesheet:
        stylesheet = CachedStylesheet(cache=self.disk_cache, variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        memory_key = (css, read_from, is_default_rules, tie_breaker, scope)
        if memory_key in self._parse_cache:
            return self._parse_cache[memory_key]
        if self._variables_digest is None:
            self._variables_digest = repr(sorted(self._variables.items()))
        key = self.disk_cache.key(css, read_from, is_default_rules, tie_breaker, scope, self._variables_digest)
        rules = self.disk_cache.get(key)
        if rules is not None:
            self._parse_cache[memory_key] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            self.disk_cache.put(key, rules)
        return rules


def cached_stylesheet(stylesheet: Stylesheet, path: Path | None = None) -> CachedStylesheet:
    """A :class:`CachedStylesheet` with *stylesheet*'s variables and sources, reading the cache
    file at *path* (default: ``css-<python>.pickle`` in the cache folder)."""
    if path is None:
        path = cache_dir() / f"css-py{sys.version_info[0]}.{sys.version_info[1]}.pickle"
    cached = CachedStylesheet(cache=CssCache(path), variables=stylesheet._variables.copy())
    cached.source = stylesheet.source.copy()
    return cached
