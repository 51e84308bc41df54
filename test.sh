#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: it installs what the tests need, restores,
# builds and runs `dotnet test` on the solution. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DEBIAN_FRONTEND=noninteractive

# Test peers written in JavaScript (the A2A server) install from their committed lock files.
for lock in $(find tests -name package-lock.json -not -path '*/node_modules/*' 2>/dev/null); do
  (cd "$(dirname "$lock")" && npm ci --no-audit --no-fund --loglevel=error)
done

# The Redis tests start their own redis-server (Debian package) on 127.0.0.1 and a free port.
command -v redis-server >/dev/null || (apt-get update && apt-get install -y redis-server)
# The slow-Redis tests freeze the server with kill -STOP (procps).
type -P kill >/dev/null || (apt-get update && apt-get install -y procps)
# The dashboard's browser test drives the system Chromium (Debian package) headless; no browser download.
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
# deploy/prometheus's alerting rules are checked and unit-tested by promtool (Debian package prometheus).
command -v promtool >/dev/null || (apt-get update && apt-get install -y prometheus)
# .ci/run publishes the AOT smoke (samples/Resilience.AotSmoke): native AOT links with clang against zlib (Debian packages).
{ command -v clang >/dev/null && [ -e /usr/include/zlib.h ]; } || (apt-get update && apt-get install -y clang zlib1g-dev)

dotnet restore Resilience.sln
dotnet build Resilience.sln -c Release --no-restore
# Microsoft.Testing.Platform prints "total/failed/succeeded"; close with the plain "N passed, N failed" line as well.
log=$(mktemp)
set +e
dotnet test --solution Resilience.sln -c Release --no-build "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(awk '/^  succeeded: /{s+=$2} END{print s+0}' "$log")
failed=$(awk '/^  failed: /{s+=$2} END{print s+0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$rc"
