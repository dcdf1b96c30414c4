"""Record ids: 16 characters, time-sortable, made here, never by TinyDB.

Kept apart from the models (and free of pydantic) because the store and the first screen need
them before pydantic is imported: importing pydantic and building the models costs ~60 ms, a
fifth of the app's start.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from datetime import datetime, timezone

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
ID_PATTERN = r"^[0-9a-hjkmnp-tv-z]{16}$"
_ID_RE = re.compile(ID_PATTERN)

#: The last id this process made, so ids made within one millisecond still sort in the order they
#: were made (random tails alone put two sessions started in one millisecond in either order).
_last = ""
_last_lock = threading.Lock()


def new_id(at: datetime | None = None) -> str:
    """A 16-character, time-sortable id: 10 characters of milliseconds, 6 random.

    The time part tells the store which monthly file a record lives in, so a record can be found
    from its id alone, and ids sort in creation order (within this process even in one
    millisecond: a tail no greater than the last one made is replaced by the last one's plus one).
    """
    global _last
    ms = int((at.timestamp() if at else time.time()) * 1000)
    head = "".join(_CROCKFORD[(ms >> (5 * i)) & 31] for i in reversed(range(10)))
    tail = "".join(_CROCKFORD[b & 31] for b in secrets.token_bytes(6))
    with _last_lock:
        if _last[:10] == head and head + tail <= _last:
            tail = _next_tail(_last[10:])
        _last = head + tail
    return head + tail


def _next_tail(tail: str) -> str:
    """*tail* plus one in Crockford base 32 (a millisecond would need 32**6 ids to overflow it)."""
    digits = [_CROCKFORD.index(ch) for ch in tail]
    for i in reversed(range(len(digits))):
        if digits[i] < 31:
            digits[i] += 1
            break
        digits[i] = 0
    return "".join(_CROCKFORD[d] for d in digits)


def id_time(record_id: str) -> datetime:
    """The creation instant encoded in an id made by :func:`new_id`."""
    ms = 0
    for ch in record_id[:10]:
        ms = (ms << 5) | _CROCKFORD.index(ch)
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def is_id(value: str) -> bool:
    """True when *value* has the shape of a record id."""
    return bool(_ID_RE.match(value))
