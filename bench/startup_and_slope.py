#!/usr/bin/env python3
"""What a run costs once, and what each copy of a corpus adds, for each --jobs.

Usage: bench/startup_and_slope.py MFSIM CORPUS_DIR [--copies 8] [--jobs 1,2] [--rounds 15]
                                  [--rules uc4] [--workdir DIR]

The corpus is copied N times under DIR (default /tmp, never the repository), and folders of 0
(empty), 1, 2, 4, ... N copies are made of hard links to those files. `mfsim run --rules RULES
--format jsonl -q --jobs J FOLDER` is timed over each folder for each J, rounds interleaved,
output to /dev/null, and a line T = fixed + per_copy x copies is fitted (least squares) to the
best wall time of each folder. `/bin/true` is timed beside it: what starting any process from
this script costs.

The ratio of two jobs' per-copy cost to one job's is what the second job gains on this machine
once started; the whole-run ratio on a folder is lower by as much as the fixed cost weighs in
it. `bench/run_scaling.py` gives the whole-run ratio and the floors; this script tells how much
of the distance to the machine's own scaling is the cost of starting (the process, the plan,
the threads) rather than the run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_scaling import copy_files  # noqa: E402


def time_run(command, walls):
    """Runs `command`, output to /dev/null; appends its wall seconds to `walls`."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    walls.append(time.perf_counter() - start)


def fit(points):
    """Least squares T = a + b n over (n, T) points: (a, b)."""
    ns = [n for n, _ in points]
    ts = [t for _, t in points]
    mean_n, mean_t = statistics.fmean(ns), statistics.fmean(ts)
    spread = sum((n - mean_n) ** 2 for n in ns)
    slope = sum((n - mean_n) * (t - mean_t) for n, t in points) / spread
    return mean_t - slope * mean_n, slope


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mfsim")
    parser.add_argument("corpus")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--rules", default="uc4")
    parser.add_argument("--workdir", default="/tmp")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    if jobs[0] != 1:
        parser.error("--jobs must start with 1: the other rows are compared with it")
    sizes = [0] + [n for n in (1, 2, 4, 8, 16, 32, 64) if n < args.copies] + [args.copies]
    work = tempfile.mkdtemp(prefix="mfsim-slope-", dir=args.workdir)
    try:
        copies = os.path.join(work, "copies")
        copy_files(args.corpus, args.copies, copies)
        folders = {}
        for n in sizes:
            folder = os.path.join(work, f"first{n}")
            os.makedirs(folder)
            for k in range(n):
                shutil.copytree(os.path.join(copies, f"copy{k}"), os.path.join(folder, f"copy{k}"),
                                copy_function=os.link)
            folders[n] = folder
        os.sync()
        mfsim = [args.mfsim, "run", "--rules", args.rules, "--format", "jsonl", "-q"]
        time_run(mfsim + [folders[args.copies]], [])  # warm the page cache
        walls = {(n, j): [] for n in sizes for j in jobs}
        spawn = []
        for _ in range(args.rounds):
            time_run(["/bin/true"], spawn)
            for n in sizes:
                for j in jobs:
                    time_run(mfsim + ["--jobs", str(j), folders[n]], walls[(n, j)])
        print(f"cores={os.cpu_count()} copies of {args.corpus}: {sizes} rules={args.rules} "
              f"rounds={args.rounds}; /bin/true from here: best {min(spawn) * 1e3:.2f} ms")
        print("\nBest wall milliseconds (median in brackets):\n")
        print("| copies | " + " | ".join(f"--jobs {j}" for j in jobs) + " | " +
              " | ".join(f"{j} jobs vs 1" for j in jobs if j > 1) + " |")
        print("|---:|" + "---:|" * (2 * len(jobs) - 1))
        for n in sizes:
            cells = [f"{min(walls[(n, j)]) * 1e3:.2f} ({statistics.median(walls[(n, j)]) * 1e3:.2f})"
                     for j in jobs]
            ratios = [f"{min(walls[(n, 1)]) / min(walls[(n, j)]):.2f}x" for j in jobs if j > 1]
            print(f"| {n} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        print("\nFitted T = fixed + per copy x copies, on the best walls:\n")
        print("| --jobs | fixed ms | ms per copy | per copy vs 1 job |")
        print("|---:|---:|---:|---:|")
        one_job = None
        for j in jobs:
            fixed, slope = fit([(n, min(walls[(n, j)]) * 1e3) for n in sizes])
            one_job = one_job or slope
            versus = f"{one_job / slope:.2f}x"
            print(f"| {j} | {fixed:.2f} | {slope:.2f} | {versus} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
