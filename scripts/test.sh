#!/usr/bin/env bash
# Builds and runs the test suites.
#
#   scripts/test.sh              # against SQLite
#   scripts/test.sh --postgres   # the same suites against a throwaway PostgreSQL 15
#
# Any further arguments go to `swift test` (e.g. --filter KeyCabinetTests).
set -euo pipefail
cd "$(dirname "$0")/.."

database=sqlite
if [[ "${1:-}" == "--postgres" ]]; then
    database=postgres
    shift
fi

swift build --build-tests

if [[ "$database" == "postgres" ]]; then
    WUYE_TEST_DATABASES=postgres exec scripts/with-postgres.sh swift test --skip-build "$@"
else
    WUYE_TEST_DATABASES=sqlite exec swift test --skip-build "$@"
fi
