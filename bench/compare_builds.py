#!/usr/bin/env python3
"""Two mfsim binaries side by side in one run: corpus throughput over --jobs, then peak RSS on
one large generated mbox.

Usage: bench/compare_builds.py OLD_MFSIM NEW_MFSIM CORPUS_DIR [REPEAT] [MBOX_MESSAGES]
Each (binary, --jobs) pair is timed three times, the binaries in turn, and the best time kept;
the floor is Python reading every byte of the same files once, on one thread. The mbox is made
with NEW_MFSIM's `generate` in a temporary directory.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import time

from run_scaling import corpus_files, read_floor  # the same floor, measured the same way


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binaries, corpus = sys.argv[1:3], sys.argv[3]
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    mbox_messages = int(sys.argv[5]) if len(sys.argv) > 5 else 100000
    files = corpus_files(corpus)
    total = sum(os.path.getsize(f) for f in files) * repeat
    print(f"cores={os.cpu_count()} files={len(files) * repeat} bytes={total}", flush=True)
    floor_s = read_floor(files, repeat)
    print(f"floor (read every byte, 1 thread): {floor_s:.3f} s", flush=True)

    def run(binary, jobs, args):
        start = time.perf_counter()
        child = subprocess.Popen([binary, "run", "--rules", "uc4", "--format", "jsonl", "-q",
                                  "--jobs", str(jobs)] + args, stdout=subprocess.PIPE)
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            sys.exit(f"{binary} failed with status {status}")
        return time.perf_counter() - start, usage.ru_maxrss / 1024, hashlib.sha256(out).hexdigest()

    for jobs in [1, 2, 4, 8, 16]:
        for binary in binaries:
            best = min(run(binary, jobs, [corpus] * repeat)[0] for _ in range(3))
            print(f"{binary} jobs={jobs:2d}: {best:.3f} s, {best / floor_s:.2f}x the floor", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binaries[1], "generate", "--count", str(mbox_messages), "--seed", "7",
                        "--format", "mbox", tmp + "/mbox"], stdout=subprocess.DEVNULL, check=True)
        for jobs in [1, 4, 16]:
            for binary in binaries:
                seconds, rss, digest = run(binary, jobs, [tmp + "/mbox"])
                print(f"{binary} mbox jobs={jobs:2d}: {seconds:.2f} s, peak RSS {rss:.1f} MB, "
                      f"sha256 {digest[:12]}", flush=True)


if __name__ == "__main__":
    main()
