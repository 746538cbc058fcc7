#!/usr/bin/env bash
# Runs one shard of a sweep: the entry point of the container (Dockerfile), the Slurm job array
# (slurm-sweep.sbatch) and the Kubernetes Indexed Job (k8s-sweep-job.yaml).
#
#   sweep-shard.sh [INDEX]
#
# INDEX (0-based): the argument, else $SWEEP_SHARD_INDEX, else $SLURM_ARRAY_TASK_ID (Slurm job array),
#   else $JOB_COMPLETION_INDEX (Kubernetes Indexed Job).
# SWEEP_SHARDS: the shard count n (default: $SLURM_ARRAY_TASK_COUNT under Slurm). With Kubernetes set it
#   to the Job's completions.
# SWEEP_CONFIG: the sweep JSON (default /data/sweep.json). SWEEP_OUT_DIR: where part-INDEX.csv goes
#   (default: the config's directory); a shared volume, so the merge step sees every part.
#
# The shard always runs with --resume: a rerun (a preempted Slurm task, a restarted pod) keeps the rows
# its part file already holds and runs only the rest. Exit 2 on bad input, with the reason on stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

index="${1:-${SWEEP_SHARD_INDEX:-${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:-}}}}"
count="${SWEEP_SHARDS:-${SLURM_ARRAY_TASK_COUNT:-}}"
config="${SWEEP_CONFIG:-/data/sweep.json}"
out_dir="${SWEEP_OUT_DIR:-$(dirname "$config")}"

fail() {
  echo "sweep-shard.sh: $*" >&2
  exit 2
}
[[ -n "$index" ]] || fail "no shard index: give it as the argument, or set SWEEP_SHARD_INDEX, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX"
[[ "$index" =~ ^[0-9]+$ ]] || fail "shard index \"$index\" is not accepted (accepted: an integer >= 0)"
[[ -n "$count" ]] || fail "no shard count: set SWEEP_SHARDS (the job's array size or completions)"
[[ "$count" =~ ^[0-9]+$ && "$count" -ge 1 ]] || fail "SWEEP_SHARDS \"$count\" is not accepted (accepted: an integer >= 1)"
(( index < count )) || fail "shard index $index is not accepted (accepted: 0 <= index < SWEEP_SHARDS = $count)"
[[ -r "$config" ]] || fail "SWEEP_CONFIG \"$config\" is not a readable file"
mkdir -p "$out_dir"

part="$(printf '%s/part-%04d.csv' "$out_dir" "$index")"
echo "sweep-shard.sh: shard $index/$count of $config -> $part" >&2
cd "$root"
exec node --import tsx src/cli/main.ts sweep --config "$config" --shard "$index/$count" --out "$part" --resume
