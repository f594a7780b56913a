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
