"""What every bench fixture writes rows with: ids, times and JSON as the app stores them."""
import json
import uuid


def uid():
    """A new id, upper-case text as SQLite holds the app's ids."""
    return str(uuid.uuid4()).upper()


def ms(t):
    """Whole milliseconds, as the app stores times."""
    return int(t * 1000) / 1000.0 if t is not None else None


def compact(value):
    """JSON as the app writes it (sorted keys, no escaped CJK or slashes, no spaces; nil fields left out)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def open_property(db, prop, script):
    """The bench database for a bulk load (no fsync, a big cache) and the property's time zone."""
    import sqlite3
    import zoneinfo
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -131072")
    row = con.execute("SELECT time_zone FROM properties WHERE id = ?", (prop,)).fetchone()
    if not row:
        raise SystemExit(f"{script}: no property {prop}")
    return con, zoneinfo.ZoneInfo(row[0] or "Asia/Shanghai")
