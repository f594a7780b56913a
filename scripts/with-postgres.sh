#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL 15 server.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Starts a private cluster on a free local port, creates role `app`
# (password `app`, CREATEDB) and database `app`, exports
#
#   WUYE_TEST_POSTGRES_URL=postgres://app:app@127.0.0.1:PORT/app?sslmode=disable
#
# runs COMMAND, then stops the server and deletes its directory whatever
# happens. Exits with COMMAND's exit code.
#
# WUYE_PG_DURABLE=1 keeps fsync, synchronous_commit and full-page writes on
# (for benchmarks; tests run without them).
#
# PGBIN overrides where the server binaries are
# (default /usr/lib/postgresql/15/bin). When it is missing and we are root on
# Debian, postgresql-15 is installed with apt.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 64
fi

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

log() { echo "with-postgres: $*" >&2; }

if [[ ! -x "$PGBIN/initdb" ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        log "$PGBIN/initdb not found; install PostgreSQL 15 or set PGBIN" >&2
        exit 69
    fi
    log "installing postgresql-15 (apt)"
    # Only the binaries are wanted: no "main" cluster on port 5432.
    mkdir -p /etc/postgresql-common
    [[ -e /etc/postgresql-common/createcluster.conf ]] \
        || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql-15 >/dev/null
fi

# The server refuses to run as root: as root, run it as `postgres` from a
# directory that user owns; as anyone else, run it as ourselves.
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/wuye-pg.XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    chown postgres: "$PGDIR"
    aspg() { (cd "$PGDIR" && runuser -u postgres -- "$@"); }
else
    aspg() { (cd "$PGDIR" && "$@"); }
fi

STARTED=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ $STARTED -eq 1 ]]; then
        aspg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDIR"
    exit "$rc"
}
CHILD=
on_signal() {
    # Pass the signal on to COMMAND, let it finish, then clean up.
    if [[ -n "$CHILD" ]]; then
        kill "-$1" "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    exit "$2"
}
trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

aspg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$PGDIR/initdb.log" 2>&1 \
    || { cat "$PGDIR/initdb.log" >&2; exit 1; }

SETTINGS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[[ "${WUYE_PG_DURABLE:-}" == 1 ]] && SETTINGS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"

# Try ports from 54329 upward; another job may grab a port between the check
# and the start, so a failed start moves on to the next one.
PORT=
for candidate in $(seq 54329 54429); do
    port_free "$candidate" || continue
    if aspg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 -o \
        "-p $candidate -k $PGDIR -c listen_addresses=127.0.0.1 $SETTINGS -c max_connections=1000" \
        start >/dev/null 2>&1; then
        PORT=$candidate
        STARTED=1
        break
    fi
    # A failed start may leave a half-started server behind.
    aspg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
done
if [[ -z "$PORT" ]]; then
    log "could not start PostgreSQL; server log:"
    cat "$PGDIR/log" >&2 2>/dev/null || true
    exit 1
fi

aspg "$PGBIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" \
    -c "CREATE DATABASE app OWNER app" >/dev/null

export WUYE_TEST_POSTGRES_URL="postgres://app:app@127.0.0.1:$PORT/app?sslmode=disable"
# Only tests that change rows behind the app's back (audit tamper tests) use the superuser.
export WUYE_TEST_POSTGRES_SUPERUSER_URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($PGDIR)"

# COMMAND runs in the background (keeping our stdin) so that a signal to this
# script is handled at once rather than after COMMAND ends.
"$@" <&0 &
CHILD=$!
set +e
wait "$CHILD"
rc=$?
set -e
CHILD=
exit "$rc"
