#!/usr/bin/env bash
# Live-reload benchmark: edit-to-reload latency of `yomu serve` on the
# generated 2-locale x 1,000-page site (with the default theme's files on
# disk, so a template can be edited too), over 20 edits of one page, and
# the serve process's memory. See bench/serve_latency.py.
# Usage: [YOMU=binary] bench/serve.sh [edits] (default 20). Requirement for
# a one-page edit: p50 <= 100 ms, p95 <= 250 ms; memory <= 400 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-20}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
site=${BENCH_DIR:-target/bench}/serve-corpus-1000

# YOMU=path/to/yomu measures that binary instead of a fresh release build.
if [ -z "${YOMU:-}" ]; then
  cargo build --release --quiet
fi
yomu=${YOMU:-${CARGO_TARGET_DIR:-target}/release/yomu}
rm -rf "$site"
python3 "$gen" --pages 1000 --format yomu --out "$site" --force >/dev/null
cp -r themes "$site/themes"
page=$(cd "$site" && ls content/en-US/docs/*/*.md | sed -n 3p)
# content/en-US/docs/01.section-1/03.page-3.md -> /en-US/docs/section-1/page-3/
url=$(echo "$page" | sed -E 's#^content/##; s#/[0-9]+\.#/#g; s#\.md$#/#')
python3 bench/serve_latency.py --yomu "$yomu" --site "$site" \
  --edits "$edits" --page "$page" --url "/$url"
