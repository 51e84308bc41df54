#!/usr/bin/env bash
# Re-takes docs/images/dashboard.png with the browser test's own tooling (headless system Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
mkdir -p docs/images
RESILIENCE_SCREENSHOT_DIR="$PWD/docs/images" \
  dotnet test --project tests/Resilience.AspNetCore.Tests -c Release -- --filter-method "*ScreenshotIsAPng"
ls -l docs/images/dashboard.png
