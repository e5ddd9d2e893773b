#!/usr/bin/env bash
# Says whether the PostgreSQL variants of the service tests will run. Under CI=true an
# unreachable server is an error; elsewhere the tests skip PostgreSQL and this says so.
set -euo pipefail
url=${KINOGUARD_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
hostport=${url#*://}; hostport=${hostport#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$host" ] && port=5432
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "PostgreSQL reachable at $host:$port: service tests run on SQLite and PostgreSQL."
elif [ "${CI:-}" = "true" ]; then
  echo "error: PostgreSQL is not reachable at $host:$port, and CI requires it." >&2
  exit 1
else
  echo "NOTE: PostgreSQL is not reachable at $host:$port: the PostgreSQL variants of the service tests are SKIPPED (SQLite still runs). Set KINOGUARD_TEST_POSTGRES_URL to test against another server."
fi
