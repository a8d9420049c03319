#!/usr/bin/env python3
"""How evenly `--shard K/N` splits corpora by bytes: runs `mfsim run --shard K/N` for each K and
sums the on-disk size of the inputs each part holds (docs/scale-out.md).

    bench/shard_balance.py [--mfsim build/mfsim] [--shards 2,3,4,8] CORPUS...

Prints, per corpus and N, each shard's bytes as a share of the mean (100% = perfect), and the
largest deviation. Each corpus argument is walked as one path; give the parent folder too to
measure the corpora together.
"""
import argparse
import json
import os
import subprocess


def input_size(message_id):
    """The size of the file a message id names: the id itself, or the part before a '#'
    (mbox entries PATH#N, PST items PATH#FOLDER/N, ZIP entries PATH#ENTRY)."""
    if os.path.isfile(message_id):
        return os.path.getsize(message_id)
    at = message_id.find("#")
    while at != -1:
        if os.path.isfile(message_id[:at]):
            return os.path.getsize(message_id[:at])
        at = message_id.find("#", at + 1)
    return 0


def shard_bytes(mfsim, corpus, number, count):
    out = subprocess.run(
        [mfsim, "run", "--rules", "eop-default", "-q", "--jobs", "2", "--shard", f"{number}/{count}", corpus],
        check=True, capture_output=True,
    ).stdout
    sizes = {}
    for line in out.splitlines():
        if not line.startswith(b'{"walk_position":'):
            continue
        record = json.loads(line)
        position = record["walk_position"][0]
        if position not in sizes:
            sizes[position] = input_size(record["id"])
    return sum(sizes.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mfsim", default="build/mfsim")
    parser.add_argument("--shards", default="2,3,4,8")
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    print(f"{'corpus':<28} {'N':>3}  {'worst':>7}  shares of the mean")
    for corpus in args.corpora:
        for count in (int(n) for n in args.shards.split(",")):
            sizes = [shard_bytes(args.mfsim, corpus, k, count) for k in range(1, count + 1)]
            mean = sum(sizes) / count
            shares = [100.0 * s / mean for s in sizes]
            worst = max(abs(s - 100.0) for s in shares)
            name = os.path.basename(os.path.normpath(corpus))
            print(f"{name:<28} {count:>3}  {worst:>6.1f}%  " + " ".join(f"{s:.1f}" for s in shares))


if __name__ == "__main__":
    main()
