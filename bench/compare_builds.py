#!/usr/bin/env python3
"""Two mfsim binaries side by side in one run: corpus throughput over --jobs, then peak RSS on
one large generated mbox.

Usage: bench/compare_builds.py OLD_MFSIM NEW_MFSIM CORPUS_DIR [REPEAT] [MBOX_MESSAGES]
                               [--rounds N] [--jobs 1,2,4,8,16] [--null]
For each --jobs the two binaries run once per round, in an order drawn anew each round (so that
a machine whose speed drifts, as the benchmark VM's does, favours neither), N rounds (3 unless
told); each prints its best and median wall time and its median CPU time. The output is read
through a pipe and hashed; with --null it goes to /dev/null while timed, as in
bench/run_scaling.py (on two cores the pipe's reader takes a share of one). The floor is the
read-all floor that bench/run_scaling.py also sets beside mfsim (open, one read of the whole
file, memchr for the header's end, close), on one thread, best of three, timed by the
mfsim_read_floor built beside NEW_MFSIM (NEW_MFSIM's folder/bench/mfsim_read_floor). The mbox is made with NEW_MFSIM's
`generate` in a temporary directory; MBOX_MESSAGES 0 skips it.
"""
import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from run_scaling import corpus_files


def read_floor(floor, corpus, repeat):
    """The read-all floor's own wall seconds over `corpus` named `repeat` times, best of 3."""
    command = [floor, "read-all"] + [corpus] * repeat
    return min(json.loads(subprocess.run(command, check=True, capture_output=True).stdout)["wall_s"]
               for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("corpus")
    parser.add_argument("repeat", nargs="?", type=int, default=30)
    parser.add_argument("mbox_messages", nargs="?", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="1,2,4,8,16")
    parser.add_argument("--null", action="store_true",
                        help="time with the output sent to /dev/null instead of a pipe")
    args = parser.parse_args()
    binaries, corpus, repeat = [args.old, args.new], args.corpus, args.repeat
    files = corpus_files(corpus)
    total = sum(os.path.getsize(f) for f in files) * repeat
    print(f"cores={os.cpu_count()} files={len(files) * repeat} bytes={total}", flush=True)
    floor = os.path.join(os.path.dirname(os.path.abspath(binaries[1])), "bench", "mfsim_read_floor")
    if not os.access(floor, os.X_OK):
        sys.exit(f"no read floor beside {binaries[1]}: build the benchmarks ({floor})")
    floor_s = read_floor(floor, corpus, repeat)
    print(f"floor (read every byte, 1 thread): {floor_s:.3f} s", flush=True)

    def run(binary, jobs, args, to_null=False):
        """Wall seconds, CPU seconds, peak RSS in MB and the output's sha256 (of nothing when
        it went to /dev/null)."""
        start = time.perf_counter()
        child = subprocess.Popen([binary, "run", "--rules", "uc4", "--format", "jsonl", "-q",
                                  "--jobs", str(jobs)] + args,
                                 stdout=subprocess.DEVNULL if to_null else subprocess.PIPE)
        out = b"" if to_null else child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"{binary} failed with status {status}")
        return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                hashlib.sha256(out).hexdigest())

    for jobs in [int(j) for j in args.jobs.split(",")]:
        walls = {binary: [] for binary in binaries}
        cpus = {binary: [] for binary in binaries}
        for _ in range(args.rounds):
            for binary in random.sample(binaries, len(binaries)):
                wall, cpu, _, _ = run(binary, jobs, [corpus] * repeat, args.null)
                walls[binary].append(wall)
                cpus[binary].append(cpu)
        for binary in binaries:
            best, median = min(walls[binary]), statistics.median(walls[binary])
            print(f"{binary} jobs={jobs:2d}: {best:.4f} s best, {median:.4f} s median of "
                  f"{args.rounds} (CPU {statistics.median(cpus[binary]):.4f} s), "
                  f"{best / floor_s:.2f}x the floor", flush=True)
    if args.mbox_messages == 0:
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binaries[1], "generate", "--count", str(args.mbox_messages), "--seed", "7",
                        "--format", "mbox", tmp + "/mbox"], stdout=subprocess.DEVNULL, check=True)
        for jobs in [1, 4, 16]:
            for binary in binaries:
                seconds, _, rss, digest = run(binary, jobs, [tmp + "/mbox"])
                print(f"{binary} mbox jobs={jobs:2d}: {seconds:.2f} s, peak RSS {rss:.1f} MB, "
                      f"sha256 {digest[:12]}", flush=True)


if __name__ == "__main__":
    main()
