#!/usr/bin/env bash
# Build-time benchmark: median wall time and peak RSS of a clean
# `yomu build` over 5 runs, on generated 2-locale sites of 2,000 and
# 10,000 pages. Usage: bench/run.sh [runs] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

cargo build --release --quiet
yomu=$PWD/target/release/yomu

for pages in 1000 5000; do
  site="$work/corpus-$pages"
  [ -f "$site/site.yaml" ] || python3 "$gen" --pages "$pages" --format yomu --out "$site" --force >/dev/null
  python3 bench/measure.py --runs "$runs" --label "$((pages * 2)) pages" -- \
    "$yomu" --site "$site" build --out "$work/out-$pages"
done
