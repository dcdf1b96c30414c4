"""Persistence: the only package that touches data files (see ``store.py`` for the layout)."""

from .files import CorruptFile, StoreError, atomic_write
from .store import COLLECTIONS, Store, View

__all__ = ["COLLECTIONS", "CorruptFile", "Store", "StoreError", "View", "atomic_write"]
