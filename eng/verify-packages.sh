#!/usr/bin/env bash
# Installs the freshly packed nupkgs from a local folder into a new console project (outside the repository, with a
# fresh package cache, Resilience.* mapped to that folder only), builds it and runs a circuit breaker through it.
# Also checks every package has its README, license, symbols package and repository commit.
# Usage: eng/verify-packages.sh <folder with the .nupkg and .snupkg files>
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=$(cd "${1:?usage: eng/verify-packages.sh <nupkg folder>}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expected=$(for p in src/*/*.csproj; do basename "$p" .csproj; done)
version=$(python3 - "$pkgs" $expected <<'PY'
import sys, zipfile, os, re
folder, names = sys.argv[1], sys.argv[2:]
versions = set()
for name in names:
    found = [f for f in os.listdir(folder) if re.fullmatch(re.escape(name) + r"\.(\d+\.\d+\.\d+[^/]*)\.nupkg", f)]
    assert len(found) == 1, f"{name}: expected one .nupkg in {folder}, found {found}"
    version = re.fullmatch(re.escape(name) + r"\.(.*)\.nupkg", found[0]).group(1)
    versions.add(version)
    assert os.path.exists(os.path.join(folder, f"{name}.{version}.snupkg")), f"{name}: no symbols package"
    z = zipfile.ZipFile(os.path.join(folder, found[0]))
    nuspec = z.read(f"{name}.nuspec").decode("utf-8")
    assert "README.md" in z.namelist() and "<readme>README.md</readme>" in nuspec, f"{name}: README.md not packed"
    assert '<license type="expression">MIT</license>' in nuspec, f"{name}: no license expression"
    assert re.search(r'<repository [^>]*commit="[0-9a-f]{40}"', nuspec), f"{name}: no SourceLink repository commit"
    assert "<description>" in nuspec, f"{name}: no description"
    assert f"lib/net10.0/{name}.dll" in z.namelist() and f"lib/net10.0/{name}.xml" in z.namelist(), f"{name}: assembly or XML docs missing"
    print(f"  {name} {version}: readme, license, snupkg, sourcelink, docs", file=sys.stderr)
assert len(versions) == 1, f"packages disagree on the version: {versions}"
print(versions.pop())
PY
)

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$pkgs" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Resilience.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML

refs=$(for name in $expected; do echo "    <PackageReference Include=\"$name\" Version=\"$version\" />"; done)
cat > "$work/PackageSmoke.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
$refs
  </ItemGroup>
</Project>
XML
cp eng/package-smoke/Program.cs "$work/Program.cs"

export NUGET_PACKAGES="$work/packages"
(cd "$work" && dotnet build -c Release -nologo -v:q)
output=$(cd "$work" && dotnet run -c Release --no-build)
echo "$output"
grep -q "call 4: rejected by payment-api (Open), retry after 30 s" <<<"$output"
grep -q "^state=Open$" <<<"$output"
grep -q "^rate limiter: rejected, retry after 30 s$" <<<"$output"
grep -q "^descriptor: CircuitBreakerStrategy(pipeline)$" <<<"$output"
grep -q "^PACKAGE SMOKE OK$" <<<"$output"
# The packages came from the local folder: NuGet records the source of each package it extracted.
for name in $expected; do
  id=$(echo "$name" | tr '[:upper:]' '[:lower:]')
  grep -q "\"source\": \"$pkgs" "$NUGET_PACKAGES/$id/$version/.nupkg.metadata"
done
echo "packages verified: $(echo $expected | wc -w) installed from $pkgs and ran a breaker"
