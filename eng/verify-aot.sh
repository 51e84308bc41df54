#!/usr/bin/env bash
# Publishes samples/Resilience.AotSmoke with native AOT (linux-x64) and runs the binary: a circuit breaker and the
# standard HTTP preset against a loopback server. Fails on any trimming (IL2xxx) or AOT (IL3xxx) warning, from the
# smoke or from the Resilience libraries (the project treats them as errors; the log is checked as well, so a
# NoWarn cannot hide one), and on any wrong outcome. Needs clang and zlib1g-dev (./test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT

set +e
dotnet publish samples/Resilience.AotSmoke -c Release -r linux-x64 -nodeReuse:false -o "$out" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
[ "$code" -eq 0 ] || { echo "AOT publish failed with $code"; exit 1; }
if grep -Eq '(warning|error) IL[23][0-9]{3}' "$log"; then
  echo "AOT publish reported trimming/AOT warnings:"
  grep -E '(warning|error) IL[23][0-9]{3}' "$log"
  exit 1
fi
grep -q 'Generating native code' "$log" || { echo "the publish did not run the AOT compiler"; exit 1; }

timeout 60 "$out/Resilience.AotSmoke"
echo "AOT smoke verified: native publish without trimming/AOT warnings, breaker and HTTP preset behaved"
