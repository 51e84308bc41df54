#!/usr/bin/env bash
# Adds every symbol the Public API analyzer reports as undeclared (RS0016) to that project's
# PublicAPI.Unshipped.txt, drops lines it reports as gone (RS0017) and removes duplicate lines. Review the diff.
# Usage: eng/update-public-api.sh [project-or-solution]   (default: the solution)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-Resilience.sln}"
log=$(mktemp)
dotnet build "$target" -p:TreatWarningsAsErrors=false -nologo -v:q 2>&1 >"$log" || true
python3 - "$log" <<'PY'
import re, sys, collections, os
add = collections.defaultdict(set); remove = collections.defaultdict(set)
pat = re.compile(r"^(.*?)\(\d+,\d+\): (?:error|warning) (RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*\.csproj)\]")
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = pat.match(line.strip())
    if not m: continue
    proj_dir = os.path.dirname(m.group(4))
    (add if m.group(2) == "RS0016" else remove)[proj_dir].add(m.group(3))
# Every project's list is rewritten sorted and unique: a union merge (.gitattributes) can leave a line twice (RS0025).
lists = {os.path.dirname(os.path.abspath(p)) for p in __import__("glob").glob("src/*/PublicAPI.Unshipped.txt")}
for proj_dir in set(add) | set(remove) | lists:
    path = os.path.join(proj_dir, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")] if os.path.exists(path) else ["#nullable enable"]
    header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
    body = {l for l in lines if l and not l.startswith("#")}
    body = (body | add[proj_dir]) - remove[proj_dir]
    open(path, "w", encoding="utf-8").write("\n".join(header + sorted(body)) + "\n")
    if add[proj_dir] or remove[proj_dir]:
        print(f"{path}: +{len(add[proj_dir])} -{len(remove[proj_dir])}")
PY
rm -f "$log"
