"""A scratch SQLite file for the raw-rate scripts (commit_rate.py,
write_floor.py): opened with the app's pragmas, removed with its WAL files."""
import os
import sqlite3

# As SQLiteLink sets them on every connection of the app.
PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON")


def remove(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def open_fresh(path, before_pragmas=None):
    """A new file at `path` (an old one removed), in autocommit mode, with
    the app's pragmas; `before_pragmas(con)` runs first (e.g. a backup into it)."""
    remove(path)
    con = sqlite3.connect(path, isolation_level=None)
    if before_pragmas:
        before_pragmas(con)
    for pragma in PRAGMAS:
        con.execute(pragma)
    return con
