"""Sync across a learner's machines through git (see ``round.py``), and the record merge it uses.

Where this differs from the design notes (shared/design/sync.md), and why:

- Tombstones live in a ``_deleted`` table of each data file without a schema bump: older versions
  read only their own table and TinyDB writes every table back, so nothing is lost or misread.
- A session whose notes editor is open is recognised by its status ("live"), not by a marker file
  the editor would have to write: only the During screen edits notes, and only for a live session.
- The slow-clock warning is given by the machine whose clock is behind (it is the one that sees
  incoming changes dated ahead of its own clock), not by the machine with the right clock.
- Single-line titles are plain values (newest wins): a conflict block cannot fit on one line.
- "15 idle minutes" is every 15 minutes while no call is live (the app has no idle detector).
- ``sync setup --init-bare`` and ``--join`` are not built: setup starts a history on an empty
  remote and joins one that holds our marker; anything else is refused.
"""
