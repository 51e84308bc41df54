#!/usr/bin/env bash
# Runs the README's demo command without a terminal (as CI does) for a short time and checks that it exits 0 and that
# circuit breakers both opened and closed. Expects a Release build of the solution (./test.sh makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

set +e
timeout 180 dotnet run --project samples/Resilience.Demo -c Release --no-build -- --duration "${1:-30}" </dev/null >"$log" 2>&1
code=$?
set -e
cat "$log"
[ "$code" -eq 0 ] || { echo "demo exited with $code"; exit 1; }
grep -Eq '^\[[0-9.]+s\] [a-z-]+: Closed -> Open ' "$log" || { echo "no breaker opened"; exit 1; }
grep -Eq '^\[[0-9.]+s\] [a-z-]+: Half-open -> Closed ' "$log" || { echo "no breaker closed again"; exit 1; }
grep -Eq '^  [a-z-]+ +opened (once|[0-9]+ times), closed (once|[0-9]+ times)' "$log"
grep -q '^The web dashboard was at http://127.0.0.1:' "$log"
echo "demo verified: exit 0, breakers opened and closed"
