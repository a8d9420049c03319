#!/usr/bin/env bash
# e2e (issue 17): the Slurm recipe of docs/scale-out.md on a single-node Slurm that this test
# starts (munged, slurmctld, slurmd as root, in a scratch folder, on their own ports): a job
# array of 3 shards from SLURM_ARRAY_TASK_ID, then a merge job with --dependency=afterok on the
# array, gives the bytes of one process. A failing shard keeps the merge from running.
# Usage: tests/slurm_recipe_test.sh MFSIM_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
mfsim=$(realpath "$1")
samples=$(realpath corpus/samples)
for tool in munged slurmctld slurmd sbatch squeue sinfo; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool not installed (Debian's slurm-wlm and munge, tools/install-deps.sh)"
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: starting slurmd needs root"
  exit 0
fi

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  # Only the daemons this test started, by their process ids; wait for them to save their
  # state and go before their folder is removed.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/munge/munged.pid" ]; then kill "$(cat "$work/munge/munged.pid")" 2>/dev/null || true; fi
  rm -rf "$work" || true
}
trap cleanup EXIT

# munge: its own key and socket, so no system-wide setup is needed or touched.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/parts" "$work/logs"
chmod 700 "$work/munge"
head -c 1024 /dev/urandom > "$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
munged --force --socket="$work/munge/munge.sock" --key-file="$work/munge/munge.key" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed"

# Ports from the process id, away from Slurm's defaults: two runs at once do not collide.
port=$((20000 + ($$ % 10000) * 2))
host=$(hostname -s)
cat > "$work/slurm.conf" <<EOF
ClusterName=mfsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.sock
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -D -i > "$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D > "$work/slurmd.out" 2>&1 &
pids+=($!)

wait_for() {  # wait_for SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out waiting for: $*" >&2
      tail -n 20 "$work"/*.log "$work"/*.out >&2 || true
      return 1
    fi
    sleep 0.5
  done
}
node_idle() { sinfo -h -o %T 2>/dev/null | grep -q idle; }
queue_empty() { [ -z "$(squeue -h 2>/dev/null)" ]; }
wait_for 60 node_idle

# The recipe of docs/scale-out.md, with this checkout's binary and samples.
cat > "$work/mfsim-array.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=mfsim-shard
#SBATCH --array=1-3
#SBATCH --output=$work/logs/shard-%a.log
set -euo pipefail
N=\${SLURM_ARRAY_TASK_COUNT}
"$mfsim" run --rules uc4 -q --jobs 1 --shard "\${SLURM_ARRAY_TASK_ID}/\${N}" "$samples" \\
  > "$work/parts/part-\${SLURM_ARRAY_TASK_ID}.jsonl"
EOF
array=$(sbatch --parsable "$work/mfsim-array.sbatch")
sbatch --parsable --dependency="afterok:${array}" --job-name=mfsim-merge \
  --output="$work/logs/merge.log" \
  --wrap "\"$mfsim\" merge -o \"$work/merged.jsonl\" $work/parts/part-*.jsonl" > /dev/null
wait_for 120 queue_empty
"$mfsim" run --rules uc4 -q --format jsonl "$samples" > "$work/single.jsonl"
cmp "$work/single.jsonl" "$work/merged.jsonl"
echo "slurm array of 3 + afterok merge: byte-identical ($(wc -l < "$work/single.jsonl") records)"

# A shard that fails: afterok never starts the merge (Slurm cancels it as never satisfiable).
rm -f "$work/merged.jsonl" "$work/parts"/*
sed -i 's/--shard "/--shard "9/' "$work/mfsim-array.sbatch"  # K = 91..93 of 3: refused
array=$(sbatch --parsable "$work/mfsim-array.sbatch")
merge=$(sbatch --parsable --dependency="afterok:${array}" --kill-on-invalid-dep=yes \
  --output="$work/logs/merge2.log" --wrap "\"$mfsim\" merge -o \"$work/merged.jsonl\" x")
wait_for 120 queue_empty
[ ! -e "$work/merged.jsonl" ]
echo "a failed shard: the merge job ${merge} never ran"
