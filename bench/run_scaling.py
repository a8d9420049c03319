#!/usr/bin/env python3
"""Whole-corpus throughput of `mfsim run` over --jobs, beside floors measured in the same run.

Usage: bench/run_scaling.py MFSIM FLOOR CORPUS_DIR [--copies N] [--jobs 1,2,4] [--rounds R]
                            [--rules uc4] [--no-mbox] [--workdir DIR] [--pipe] [--keep]
                            [--body-bytes N]

MFSIM is the mfsim binary, FLOOR the mfsim_read_floor binary built beside it (bench/read_floor.cc).
The corpus is copied N times (default 8) into a fresh folder under DIR (default /tmp), never into
the repository, and its messages are also written as one mbox there (--keep leaves that folder
in place and prints its name, for a profile of the same files afterwards; --body-bytes N keeps
only the first N bytes of each body in the copies, for a corpus of small messages, such as the
many a large mbox's part holds). Every row is the best
of R rounds (default 3), rows interleaved round by round so that a noisy machine weighs on all
alike:

  read-all floor     open, one read of the whole file, memchr for the header's end, close
  header-only floor  16 KiB reads until the header's end
  mimetic            the header-only reads, then mimetic parsing each header block
  mfsim --jobs J     `mfsim run --rules RULES --format jsonl -q --jobs J`
  J x --jobs 1       for each J > 1: J processes `mfsim ... --jobs 1` at once, each over its
                     1/J of the files (hard links, in walk order): the most J jobs could gain on
                     this machine, one start-up each, nothing shared but the machine
  floor, J threads   for each J > 1: the read-all and header-only floors on J threads taking
                     runs of 16 files in turn (`mfsim_read_floor --threads J`): how far reading
                     alone scales on this machine
and for the mbox: the mbox floor (2 MiB reads, memchr for every envelope line), the same on J
threads (each reading 1/J of the bytes), mfsim, and the J x --jobs 1 rows over J mboxes of 1/J
of the messages each. The column "vs 1 job" compares an mfsim row with `mfsim --jobs 1`, and a
floor on J threads with the same floor on one.

Wall seconds and CPU seconds (user + sys of the child) are both given: on a shared machine CPU
time is the steadier figure. The median of the rounds' wall seconds is given too: on a noisy
machine the best of a few rounds can flatter one row more than another. While it is timed,
mfsim writes to /dev/null: a thread of this script reading a pipe would take a core from the
run it times (on a 2-core machine that moved two jobs by up to 20% from run to run); each mfsim
row then runs once more, untimed, and the output of every --jobs must be byte-identical
(checked). --pipe times them with the output read through a pipe instead, as before.
"""
import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def corpus_files(corpus):
    out = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.isfile(path) and not name.startswith(("LICENSE", "NOTICE", "README")):
                out.append(path)
    return out


def mbox_message(data):
    """One message file as it goes into an mbox: its own envelope line, or one added (mboxrd)."""
    if re.match(rb"From [ \t]*[^ \t:\r\n]", data):  # an envelope line already (not "From :")
        return (data if data.endswith(b"\n") else data + b"\n") + b"\n"
    out = [b"From mfsim-bench@example.com Thu Jan  1 00:00:00 2026\n"]
    for line in data.splitlines(keepends=True):
        out.append(b">" + line if line.lstrip(b">").startswith(b"From ") else line)  # mboxrd
    if not data.endswith(b"\n"):
        out.append(b"\n")
    out.append(b"\n")
    return b"".join(out)


def cut_body(data, body_bytes):
    """The message with at most `body_bytes` bytes of its body."""
    ends = [end for end in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if end >= 0]
    if not ends:
        return data
    end = min(ends)
    body = end + (2 if data[end] == ord("\n") else 4)
    return data[:body + body_bytes]


def copy_files(corpus, copies, folder, body_bytes=None):
    """The corpus's files copied `copies` times into folder/copy0, folder/copy1, ... (bodies cut
    to `body_bytes`); returns the copies, in walk order."""
    files = corpus_files(corpus)
    for k in range(copies):
        for f in files:
            target = os.path.join(folder, f"copy{k}", os.path.relpath(f, corpus))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if body_bytes is None:
                shutil.copyfile(f, target)
                continue
            with open(f, "rb") as source, open(target, "wb") as out:
                out.write(cut_body(source.read(), body_bytes))
    return corpus_files(folder)


def make_copies(corpus, copies, workdir, splits, body_bytes=None):
    """The files copied `copies` times (bodies cut to `body_bytes`), and one mbox of them; for each
    J in `splits`, the files in J folders (hard links) and the messages in J mboxes, each a
    contiguous 1/J in walk order."""
    copied = copy_files(corpus, copies, os.path.join(workdir, "files"), body_bytes)
    parts = {}
    for j in splits:
        folders = [os.path.join(workdir, f"split{j}", f"part{k}") for k in range(j)]
        for index, f in enumerate(copied):
            target = os.path.join(folders[index * j // len(copied)],
                                  os.path.relpath(f, os.path.join(workdir, "files")))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(f, target)
        parts[j] = (folders, [os.path.join(workdir, f"split{j}", f"part{k}.mbox") for k in range(j)])
    mbox = os.path.join(workdir, "all.mbox")
    outs = {j: [open(path, "wb") for path in parts[j][1]] for j in splits}
    try:
        with open(mbox, "wb") as out:
            for index, f in enumerate(copied):
                with open(f, "rb") as h:
                    message = mbox_message(h.read())
                out.write(message)
                for j in splits:
                    outs[j][index * j // len(copied)].write(message)
    finally:
        for handles in outs.values():
            for h in handles:
                h.close()
    return os.path.join(workdir, "files"), mbox, parts


def timed(command, capture=True):
    """Runs `command` (or, for a list of commands, all of them at once); returns (wall seconds,
    child CPU seconds, stdout concatenated in order). Without `capture` the output goes to
    /dev/null and b"" is returned; with it, it is read as it comes, by one thread a process."""
    commands = command if isinstance(command[0], list) else [command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    target = subprocess.PIPE if capture else subprocess.DEVNULL
    processes = [subprocess.Popen(c, stdout=target) for c in commands]
    outputs = [b""] * len(processes)

    def drain(k):
        outputs[k] = processes[k].stdout.read()

    readers = [threading.Thread(target=drain, args=(k,)) for k in range(len(processes))] if capture else []
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    for c, p in zip(commands, processes):
        if p.wait() != 0:
            raise subprocess.CalledProcessError(p.returncode, c)
    wall = time.perf_counter() - start
    out = b"".join(outputs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def is_mfsim(name):
    return name.startswith("mfsim") or " x --jobs 1" in name


def measure(rows, rounds, pipe=False):
    """rows: {name: command}; returns {name: (best wall, its cpu, stdout, median wall)} and the
    digests of the mfsim rows' output. mfsim's output goes to /dev/null while it is timed
    (unless `pipe`): on a 2-core machine the thread reading a pipe takes a core from the run it
    times. Each mfsim row then runs once more, untimed, for its output."""
    best = {}
    walls = {name: [] for name in rows}
    for _ in range(rounds):
        for name, command in rows.items():
            wall, cpu, out = timed(command, capture=pipe or not is_mfsim(name))
            walls[name].append(wall)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu, out)
    digests = {}
    for name, (wall, cpu, out) in best.items():
        if is_mfsim(name) and not pipe:
            out = timed(rows[name])[2]
        if name.startswith("mfsim"):
            digests[name] = hashlib.sha256(out).hexdigest()
        best[name] = (wall, cpu, out, statistics.median(walls[name]))
    return best, digests


def one_worker_row(name, one_job):
    """The row a row's speed-up is against: `mfsim --jobs 1` for mfsim, the one-thread floor for
    a floor on several threads; None for the other rows."""
    threaded_floor = re.fullmatch(r"(.* floor), \d+ threads", name)
    if threaded_floor:
        return threaded_floor.group(1)
    return one_job if is_mfsim(name) else None


def table(title, best, floor_name, one_job, messages, total_bytes):
    print(f"\n{title}\n")
    print("| run | seconds | CPU seconds | messages/s | MB/s | vs " + floor_name +
          " | vs 1 job | median seconds | median vs 1 job |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    floor = best[floor_name][0]
    for name, (wall, cpu, _, median) in best.items():
        speed = f"{floor / wall:.2f}x"
        single = best.get(one_worker_row(name, one_job))
        scale = f"{single[0] / wall:.2f}x" if single else ""
        median_scale = f"{single[3] / median:.2f}x" if single else ""
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {messages / wall:,.0f} | "
              f"{total_bytes / wall / 1e6:,.0f} | {speed} | {scale} | {median:.3f} | "
              f"{median_scale} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mfsim")
    parser.add_argument("floor")
    parser.add_argument("corpus")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rules", default="uc4")
    parser.add_argument("--no-mbox", action="store_true")
    parser.add_argument("--workdir", default="/tmp")
    parser.add_argument("--pipe", action="store_true",
                        help="time mfsim with its output read through a pipe, not sent to /dev/null")
    parser.add_argument("--keep", action="store_true",
                        help="leave the copies and the mbox in place and print their folder")
    parser.add_argument("--body-bytes", type=int, default=None, metavar="N",
                        help="keep only the first N bytes of each message's body in the copies")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    splits = [j for j in jobs if j > 1]
    work = tempfile.mkdtemp(prefix="mfsim-scaling-", dir=args.workdir)
    try:
        files_dir, mbox, parts = make_copies(args.corpus, args.copies, work, splits,
                                             args.body_bytes)
        os.sync()  # the copies written back now, not by kernel threads during the rows
        files = corpus_files(files_dir)
        total = sum(os.path.getsize(f) for f in files)
        print(f"cores={os.cpu_count()} files={len(files)} bytes={total} copies={args.copies} "
              f"rules={args.rules}"
              + (f" body-bytes={args.body_bytes}" if args.body_bytes is not None else ""))
        mfsim = [args.mfsim, "run", "--rules", args.rules, "--format", "jsonl", "-q"]
        rows = {
            "read-all floor": [args.floor, "read-all", files_dir],
            "header-only floor": [args.floor, "header-only", files_dir],
            "mimetic (header blocks)": [args.floor, "mimetic", files_dir],
        }
        for j in splits:
            for floor in ("read-all", "header-only"):
                rows[f"{floor} floor, {j} threads"] = [args.floor, "--threads", str(j), floor,
                                                       files_dir]
        for j in jobs:
            rows[f"mfsim --jobs {j}"] = mfsim + ["--jobs", str(j), files_dir]
        for j in splits:
            rows[f"{j} x --jobs 1, 1/{j} each"] = [mfsim + ["--jobs", "1", d] for d in parts[j][0]]
        timed([args.floor, "read-all", files_dir])  # warm the page cache
        best, digests = measure(rows, args.rounds, args.pipe)
        messages = best["mfsim --jobs 1"][2].count(b"\n") if "mfsim --jobs 1" in best else len(files)
        header = json.loads(best["read-all floor"][2])
        print(f"header bytes: {header['header_bytes']} of {header['bytes_read']} "
              f"({header['header_bytes'] / max(header['bytes_read'], 1):.0%})")
        table(f"Files ({len(files)} files, {total / 1e6:.0f} MB)", best, "read-all floor",
              "mfsim --jobs 1", messages, total)
        print(f"\noutput identical for every --jobs: {len(set(digests.values())) == 1}")
        if not args.no_mbox:
            size = os.path.getsize(mbox)
            rows = {"mbox floor": [args.floor, "mbox", mbox]}
            for j in splits:
                rows[f"mbox floor, {j} threads"] = [args.floor, "--threads", str(j), "mbox", mbox]
            for j in jobs:
                rows[f"mfsim --jobs {j}"] = mfsim + ["--jobs", str(j), mbox]
            for j in splits:
                rows[f"{j} x --jobs 1, 1/{j} each"] = [mfsim + ["--jobs", "1", m] for m in parts[j][1]]
            timed([args.floor, "mbox", mbox])
            best, digests = measure(rows, args.rounds, args.pipe)
            entries = json.loads(best["mbox floor"][2])["items"]
            table(f"One mbox ({entries} messages, {size / 1e6:.0f} MB)", best, "mbox floor",
                  "mfsim --jobs 1", entries, size)
            print(f"\noutput identical for every --jobs: {len(set(digests.values())) == 1}")
    finally:
        if args.keep:
            print(f"\ncopies kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
