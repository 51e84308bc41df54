#!/usr/bin/env bash
# Resolves a merge conflict in PublicAPI.*.txt files by taking the union of both sides, sorted.
set -euo pipefail
for f in $(git diff --name-only --diff-filter=U | grep 'PublicAPI\..*\.txt$' || true); do
  { git show :2:"$f"; git show :3:"$f"; } | grep -v '^#' | grep -v '^$' | sort -u > /tmp/pa.$$
  { echo '#nullable enable'; cat /tmp/pa.$$; } > "$f"
  rm -f /tmp/pa.$$
  git add "$f"
  echo "resolved $f"
done
