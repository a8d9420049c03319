#!/usr/bin/env python3
"""Whole-corpus throughput of `mfsim run` over --jobs, against a floor measured in the same run.

Usage: bench/run_scaling.py MFSIM_BINARY CORPUS_DIR [REPEAT]
The corpus directory is passed REPEAT times (default 20) so the run is long enough to time.
The floor reads every byte of the same files once per pass, in Python, on one thread.
"""
import glob
import hashlib
import os
import resource
import subprocess
import sys
import time


def corpus_files(corpus):
    """Every file under the corpus directory, sorted."""
    return sorted(f for f in glob.glob(os.path.join(corpus, "**"), recursive=True) if os.path.isfile(f))


def read_floor(files, repeat):
    """Best of three passes of one thread reading every byte of `files` `repeat` times, after
    one pass that warms the page cache."""
    def one_pass():
        start = time.perf_counter()
        for _ in range(repeat):
            for f in files:
                with open(f, "rb") as h:
                    while h.read(1 << 20):
                        pass
        return time.perf_counter() - start

    one_pass()
    return min(one_pass() for _ in range(3))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, corpus = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    files = corpus_files(corpus)
    total = sum(os.path.getsize(f) for f in files) * repeat
    print(f"cores={os.cpu_count()} files={len(files) * repeat} bytes={total}")
    floor_s = read_floor(files, repeat)
    print(f"floor (read every byte, 1 thread): {floor_s:.3f} s, {total / floor_s / 1e6:,.0f} MB/s")
    digests = set()
    for jobs in [1, 2, 4, 8, 16]:
        best = None
        for _ in range(3):
            start = time.perf_counter()
            out = subprocess.run([binary, "run", "--rules", "uc4", "--format", "jsonl", "-q",
                                  "--jobs", str(jobs)] + [corpus] * repeat,
                                 stdout=subprocess.PIPE, check=True).stdout
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        digests.add(hashlib.sha256(out).hexdigest())
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        records = out.count(b"\n")
        print(f"jobs={jobs:2d}: {best:.3f} s, {records / best:,.0f} msg/s, "
              f"{total / best / 1e6:,.0f} MB/s, {best / floor_s:.2f}x the floor's time, "
              f"peak RSS so far {rss / 1024:.0f} MB")
    print("output identical for every --jobs:", len(digests) == 1)


if __name__ == "__main__":
    main()
