#!/usr/bin/env python3
"""Checks the shape of the packages (#17): the project references of src/ form a tree-like DAG with Resilience.Core at
the bottom, Core has no PackageReference (except the ones listed in ALLOWED_CORE_PACKAGES), and no two feature folders
of a project depend on each other in a cycle. A folder's dependencies are its `using Resilience.X` directives and the
`Resilience.X.` names written in its code; `Internal/` counts as its feature, the root folder (namespace Resilience:
pipeline, outcome, context) and its Internal/ (the pipeline engine, whose stage type switch names the stages on
purpose: a measured speed-up) are the base every feature may use and are left out.
Usage: python3 eng/check-dependencies.py   (exit code 1 and the cycles on failure)"""
import os, re, sys, glob, xml.etree.ElementTree as ET

ALLOWED_CORE_PACKAGES: set[str] = set()  # Core depends on the framework only
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
failures = []

projects = {}
for csproj in glob.glob(os.path.join(root, "src", "*", "*.csproj")):
    name = os.path.basename(csproj)[:-7]
    tree = ET.parse(csproj)
    refs = [os.path.basename(r.get("Include").replace("\\", "/"))[:-7] for r in tree.iter("ProjectReference")]
    pkgs = [p.get("Include") for p in tree.iter("PackageReference") if p.get("PrivateAssets") != "all"]
    projects[name] = (refs, pkgs)

core_refs, core_pkgs = projects["Resilience.Core"]
if core_refs:
    failures.append(f"Resilience.Core references projects: {core_refs}")
if set(core_pkgs) - ALLOWED_CORE_PACKAGES:
    failures.append(f"Resilience.Core references packages: {sorted(set(core_pkgs) - ALLOWED_CORE_PACKAGES)}")

def cycles(graph):
    """Tarjan's strongly connected components of more than one node."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop(); on.discard(w); scc.append(w)
                if w == v: break
            if len(scc) > 1: out.append(sorted(scc))
    for v in list(graph):
        if v not in index: visit(v)
    return out

for scc in cycles({p: r for p, (r, _) in projects.items()}):
    failures.append(f"project reference cycle: {scc}")
for name, (refs, _) in projects.items():
    if name != "Resilience.Core" and not refs:
        failures.append(f"{name} does not build on Resilience.Core")

pattern = re.compile(r"\bResilience\.([A-Z][A-Za-z]+)\b")
for name in projects:
    folder_of = {}
    graph = {}
    pdir = os.path.join(root, "src", name)
    for cs in glob.glob(os.path.join(pdir, "**", "*.cs"), recursive=True):
        rel = os.path.relpath(cs, pdir).split(os.sep)
        if rel[0] in ("obj", "bin", "Internal") or len(rel) == 1:
            continue
        feature = rel[0]
        text = open(cs, encoding="utf-8").read()
        text = re.sub(r"^\s*///.*$", "", text, flags=re.M)  # XML docs may name other features
        for dep in pattern.findall(text):
            if dep != feature and dep != "Internal" and os.path.isdir(os.path.join(pdir, dep)):
                graph.setdefault(feature, set()).add(dep)
    for scc in cycles(graph):
        failures.append(f"{name}: folder cycle {scc}: " + "; ".join(f"{a} -> {sorted(graph[a] & set(scc))}" for a in scc))

for f in failures:
    print("FAIL", f)
print("project references:", "; ".join(f"{p} -> {', '.join(sorted(r)) or '(none)'}" for p, (r, _) in sorted(projects.items())))
print("Resilience.Core packages:", ", ".join(core_pkgs) or "(none)")
sys.exit(1 if failures else 0)
