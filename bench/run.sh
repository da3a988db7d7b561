#!/usr/bin/env bash
# Build-time benchmark: median wall and CPU time, and peak RSS, over 5 runs of
#   - a clean `yomu build` (each run into a new, empty folder), and
#   - `yomu check` (the same build in memory, nothing written),
# on generated 2-locale sites of 2,000 and 10,000 pages, and of Hugo on the
# same pages when `hugo` is installed. Each series starts with one untimed
# run (see bench/measure.py --warmup), so the sources are in the page cache.
# Usage: bench/run.sh [runs] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

cargo build --release --quiet
yomu=$PWD/target/release/yomu

# Every run writes into a folder of its own, made in $TMPDIR (the same
# disk here, not a tmpfs), and all are removed at the end. Not under
# target/: on ext4 without a journal (this project's VMs), creating files
# in a block group where thousands were deleted minutes before (cargo's
# churn in target/, or the previous run's output) scans past every
# recently freed inode (the kernel's `recently_deleted`), and that, not
# yomu, then dominates the figure (the system CPU time shows it). A freed
# inode counts as recent for 60 s, or 360 s while its inode table block is
# dirty, and new files in the same block keep it dirty: `sync` does not
# help. So a run that starts within 6 minutes of the previous one's
# cleanup waits out the rest first (other large deletions, such as a test
# suite's temporary sites, cannot be seen from here: leave 6 minutes).
. bench/quiet_inodes.sh
wait_for_quiet_inodes "$work"
outs=$(mktemp -d)
trap 'rm -rf "$outs"; mark_run_ended "$work"' EXIT

for pages in 1000 5000; do
  site="$work/corpus-$pages"
  [ -f "$site/site.yaml" ] || python3 "$gen" --pages "$pages" --format yomu --out "$site" --force >/dev/null
  python3 bench/measure.py --runs "$runs" --label "build $((pages * 2))" -- \
    "$yomu" --site "$site" build --out "$outs/yomu-$pages-{run}"
  python3 bench/measure.py --runs "$runs" --label "check $((pages * 2))" -- \
    "$yomu" --site "$site" check
  # Hugo on the same pages, when it is installed (Debian package `hugo`).
  if command -v hugo >/dev/null; then
    hugo_site="$work/hugo-$pages"
    [ -f "$hugo_site/hugo.toml" ] || python3 "$gen" --pages "$pages" --format hugo --out "$hugo_site" --force >/dev/null
    python3 bench/measure.py --runs "$runs" --label "hugo $((pages * 2))" -- \
      hugo --quiet --source "$hugo_site" --destination "$outs/hugo-$pages-{run}"
  fi
done
