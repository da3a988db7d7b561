#!/usr/bin/env bash
# Build-time benchmark: median wall time and peak RSS over 5 runs of
#   - a clean `yomu build` (output removed before each run), and
#   - `yomu check` (the same build in memory, nothing written),
# on generated 2-locale sites of 2,000 and 10,000 pages.
# Usage: bench/run.sh [runs] (default 5).
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
  out="$work/out-$pages"
  python3 bench/measure.py --runs "$runs" --label "build $((pages * 2))" \
    --before "rm -rf '$out'" -- "$yomu" --site "$site" build --out "$out"
  python3 bench/measure.py --runs "$runs" --label "check $((pages * 2))" -- \
    "$yomu" --site "$site" check
done
