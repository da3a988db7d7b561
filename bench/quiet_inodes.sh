# Sourced by the build benchmarks (bench/run.sh, bench/scale.sh).
# wait_for_quiet_inodes WORK: waits until 6 minutes have passed since a
# benchmark last deleted its output (recorded in WORK/last-run-ended by
# mark_run_ended), because on these VMs' ext4 creating files soon after
# thousands were deleted measures the kernel, not yomu (see bench/run.sh).
wait_for_quiet_inodes() {
  local ended="$1/last-run-ended" wait_s
  if [ -f "$ended" ]; then
    wait_s=$(( $(cat "$ended") + 360 - $(date +%s) ))
    if [ "$wait_s" -gt 0 ]; then
      echo "waiting ${wait_s} s: the previous run deleted its output less than 6 minutes ago" >&2
      sleep "$wait_s"
    fi
  fi
}

# mark_run_ended WORK: records now as the time of the last mass deletion.
mark_run_ended() {
  date +%s > "$1/last-run-ended"
}
