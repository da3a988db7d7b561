#!/usr/bin/env python3
"""Prints bench/scale.sh's results (the JSON lines bench/scale.py wrote) as
a Markdown table, and the growth ratios the scale requirement is about:
the flat folder against the same pages in 80 folders (linear: 1.0, the
requirement: within 1.3), and 2x50,000 pages against 2x5,000 (linear:
10). Standard library only.
"""
import json
import sys


def main():
    records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    print("| site | pages | output on | build wall (min–max) | CPU user + system | "
          "peak RSS | output | largest page |")
    print("|---|---|---|---|---|---|---|---|")
    for r in records:
        print(f"| {r['label']} | {r['pages']:,} | {r['fs']} | {r['wall']:.2f} s "
              f"({r['wall_min']:.2f}–{r['wall_max']:.2f}) | {r['user']:.2f} + {r['system']:.2f} s | "
              f"{r['rss_mib']:.0f} MiB | {r['bytes'] / 1e6:,.0f} MB | "
              f"{r['largest_page'] / 1e3:.1f} KB |")
    by = {(r["label"], r["fs"]): r for r in records}
    print()
    for top, bottom, linear in [("flat-20000", "spread-20000", "1.0 (required ≤ 1.3)"),
                                ("corpus-50000", "corpus-5000", "10")]:
        for fs in ("disk", "tmpfs"):
            a, b = by.get((top, fs)), by.get((bottom, fs))
            if not (a and b):
                continue
            cpu = lambda r: r["user"] + r["system"]  # noqa: E731
            print(f"{top} / {bottom} ({fs}): wall {a['wall'] / b['wall']:.2f}×, "
                  f"CPU {cpu(a) / cpu(b):.2f}×, peak RSS {a['rss_mib'] / b['rss_mib']:.2f}×, "
                  f"output {a['bytes'] / b['bytes']:.2f}×, "
                  f"largest page {a['largest_page'] / b['largest_page']:.2f}× "
                  f"(linear: {linear})")


if __name__ == "__main__":
    main()
