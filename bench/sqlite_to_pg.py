#!/usr/bin/env python3
"""Copies every row of a Wuye SQLite file into a migrated, empty-or-demo
PostgreSQL database, so both engines are benched on the same data.

    bench/sqlite_to_pg.py SQLITE_FILE POSTGRES_SUPERUSER_URL

The PostgreSQL schema must exist (`wuye migrate`); its tables are emptied
first. Values are converted by the PostgreSQL column type: SQLite keeps
dates as seconds (REAL) and booleans as 0/1. Runs as a superuser so foreign
keys are not checked row by row (session_replication_role = replica).
Prints one JSON line: {"tables": N, "rows": N, "seconds": S}.
"""
import datetime
import io
import json
import sqlite3
import subprocess
import sys
import time

source, url = sys.argv[1], sys.argv[2]
started = time.time()


def psql(*commands, stdin=None):
    args = ["psql", url, "-q", "-At", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        args += ["-c", command]
    return subprocess.run(args, input=stdin, capture_output=True, text=True, check=True).stdout


con = sqlite3.connect(source)
tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_fluent_migrations'")]
pg_columns = {}
for line in psql("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'").splitlines():
    table, column, kind = line.split("|")
    pg_columns.setdefault(table, {})[column] = kind
tables = [t for t in tables if t in pg_columns]
psql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


def convert(value, kind):
    if value is None:
        return None
    if kind.startswith("timestamp"):
        return datetime.datetime.fromtimestamp(float(value), datetime.timezone.utc).isoformat()
    if kind == "boolean":
        return "t" if value else "f"
    return value


def csv_field(value):
    """PostgreSQL CSV: NULL is an unquoted empty field, text is always quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return '"\\x' + value.hex() + '"'
    return '"' + str(value).replace('"', '""') + '"'


total = 0
for table in tables:
    columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] in pg_columns[table]]
    kinds = [pg_columns[table][c] for c in columns]
    out = io.StringIO()
    count = 0
    for row in con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"'):
        out.write(",".join(csv_field(convert(v, k)) for v, k in zip(row, kinds)) + "\n")
        count += 1
    quoted = ", ".join(f'"{c}"' for c in columns)
    psql("SET session_replication_role = replica", f'\\copy "{table}" ({quoted}) FROM STDIN WITH (FORMAT csv)', stdin=out.getvalue())
    total += count
psql("ANALYZE")
print(json.dumps({"tables": len(tables), "rows": total, "seconds": round(time.time() - started, 1)}))
