#!/usr/bin/env python3
"""Draws docs/images/adaptive-limit.png from the adaptive-limit simulation's series.

Usage: RESILIENCE_SIMULATION_CSV=/tmp/sim dotnet test --project tests/Resilience.Adaptive.Tests -c Release -- \
         --filter-method '*Simulation_LimitConverges*'
       eng/plot-adaptive-simulation.py /tmp/sim
Writes the SVG (with labels) next to the series and a label-free PNG, rasterised here (no ImageMagick needed):
x = 0..60 s, y = 0..200, gridlines every 50 calls and every 10 s; black = capacity, blue = AIMD, green = Vegas, red = Gradient.
"""
import csv, os, struct, sys, zlib

folder = sys.argv[1]
series = {}
for name in ("aimd", "vegas", "gradient"):
    with open(os.path.join(folder, f"adaptive-{name}.csv")) as f:
        series[name] = [(float(r["seconds"]), int(r["limit"]), int(r["capacity"])) for r in csv.DictReader(f)]

W, H, L, B, T, R = 900, 420, 60, 40, 30, 130
tmax = max(p[0] for s in series.values() for p in s)
ymax = 200
x = lambda t: L + (W - L - R) * t / tmax
y = lambda v: H - B - (H - B - T) * min(v, ymax) / ymax
colors = {"aimd": "#1f77b4", "vegas": "#2ca02c", "gradient": "#d62728"}
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>']
for v in range(0, ymax + 1, 50):
    out.append(f'<line x1="{L}" x2="{W - R}" y1="{y(v)}" y2="{y(v)}" stroke="#ddd"/><text x="{L - 8}" y="{y(v) + 4}" text-anchor="end">{v}</text>')
for t in range(0, int(tmax) + 1, 10):
    out.append(f'<text x="{x(t)}" y="{H - B + 16}" text-anchor="middle">{t}s</text>')
cap = series["aimd"]
out.append('<polyline fill="none" stroke="black" stroke-dasharray="6,4" stroke-width="2" points="' + " ".join(f"{x(t)},{y(c)}" for t, _, c in cap) + '"/>')
for name, s in series.items():
    out.append(f'<polyline fill="none" stroke="{colors[name]}" stroke-width="1.2" points="' + " ".join(f"{x(t)},{y(l)}" for t, l, _ in s) + '"/>')
legend = [("capacity", "black")] + [(n, c) for n, c in colors.items()]
for i, (n, c) in enumerate(legend):
    out.append(f'<line x1="{W - R + 15}" x2="{W - R + 40}" y1="{T + 20 * i}" y2="{T + 20 * i}" stroke="{c}" stroke-width="2"/><text x="{W - R + 45}" y="{T + 20 * i + 4}">{n}</text>')
out.append(f'<text x="{L}" y="{T - 10}">Adaptive concurrency limit against a backend of capacity 50 / 20 / 50 (150 clients)</text></svg>')
svg = os.path.join(folder, "adaptive-limit.svg")
open(svg, "w").write("\n".join(out))

# A plain raster of the same lines, written as an RGB PNG.
pixels = [[(255, 255, 255)] * W for _ in range(H)]
def line(x0, y0, x1, y1, c):
    n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    for i in range(n + 1):
        px, py = int(round(x0 + (x1 - x0) * i / n)), int(round(y0 + (y1 - y0) * i / n))
        if 0 <= px < W and 0 <= py < H:
            pixels[py][px] = c
for v in range(0, ymax + 1, 50):
    line(L, y(v), W - R, y(v), (220, 220, 220))
for t in range(0, int(tmax) + 1, 10):
    line(x(t), T, x(t), H - B, (220, 220, 220))
rgb = lambda h: tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))
for name, s_ in series.items():
    for (t0, l0, _), (t1, l1, _) in zip(s_, s_[1:]):
        line(x(t0), y(l0), x(t1), y(l1), rgb(colors[name]))
for (t0, _, c0), (t1, _, c1) in zip(cap, cap[1:]):
    for d in (-1, 0, 1):
        line(x(t0), y(c0) + d, x(t1), y(c1) + d, (0, 0, 0))
for i, (n, c) in enumerate(legend):
    for d in (-1, 0, 1):
        line(W - R + 15, T + 20 * i + d, W - R + 40, T + 20 * i + d, (0, 0, 0) if c == "black" else rgb(c))
raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in pixels)
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "images", "adaptive-limit.png")
with open(png, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
print(png)
