#!/usr/bin/env python3
"""Counts which messages moved between two mfsim builds, and why, per preset and corpus.

Usage: tools/count-moved-outcomes.py OLD_MFSIM NEW_MFSIM [CORPUS_DIR...]
  CORPUS_DIR defaults to corpus/samples plus every folder of $MFSIM_CORPORA (default
  ../shared/corpora). Runs every preset both builds know (and eop-default with the recorded
  mailbox state) with a fixed --now, joins the records by id, and prints for each run the
  number of records that moved, grouped by the change (verdict, action, folder, egress) and the
  documented reason it matches. A --summary line per reason ends the report.
"""
import collections
import json
import os
import subprocess
import sys

FIXED_NOW = "2026-01-15T12:00:00Z"


def presets(binary):
    out = subprocess.run([binary, "presets"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]


def records(binary, run_args, corpus):
    cmd = [binary, "run", *run_args, "--now", FIXED_NOW, "--format", "jsonl", "-q", corpus]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return {r["id"]: r for r in map(json.loads, filter(None, out.splitlines()))}


def reason(old, new):
    """The issue-20 point a change matches, judged from the two records."""
    if old.get("in_egress") != new.get("in_egress"):
        return "egress list (2026-04-17 page: 35.157.195.63, 52.58.35.43)"
    ov, nv = old.get("verdict"), new.get("verdict")
    if nv == "spoof" or ov == "spoof":
        return "spoof verdict, anti-phishing action"
    if ov in ("spam", "not_spam") and nv == "bulk" or ov == "spam" and nv == "not_spam":
        return "bulk at SCL 6 takes the Bulk action"
    if nv == "high_confidence_phish" and new.get("action") == "deliver":
        return "secure by default: SCL -1 rule, MX not Microsoft 365"
    if new.get("action") in ("add_x_header", "modify_subject") and old.get("folder") != new.get("folder"):
        return "AddXHeader / ModifySubject go to Junk"
    if old.get("rules") != new.get("rules"):
        return "rules fired differently (SCLOver, header name)"
    if old.get("folder_reason") != new.get("folder_reason") and ov == nv and old.get("action") == new.get("action"):
        return "folder_reason wording"
    return "other"


def change(old, new):
    parts = []
    for key in ("in_egress", "verdict", "action", "quarantine_policy", "folder"):
        if old.get(key) != new.get(key):
            parts.append(f"{key} {old.get(key)}->{new.get(key)}")
    return ", ".join(parts) or "other fields"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    old_bin, new_bin, corpora = sys.argv[1], sys.argv[2], sys.argv[3:]
    if not corpora:
        corpora = ["corpus/samples"]
        root = os.environ.get("MFSIM_CORPORA", "../shared/corpora")
        if os.path.isdir(root):
            corpora += sorted(os.path.join(root, d) for d in os.listdir(root)
                              if os.path.isdir(os.path.join(root, d)))
    common = [p for p in presets(old_bin) if p in set(presets(new_bin))]
    runs = [["--rules", p] for p in common] + [["--rules", "eop-default", "--mailbox-state", "recorded"]]
    totals = collections.Counter()
    moved_total = read_total = 0
    for corpus in corpora:
        for run in runs:
            old, new = records(old_bin, run, corpus), records(new_bin, run, corpus)
            moved = collections.Counter()
            for rid, o in old.items():
                n = new.get(rid)
                if n is None or o == n:
                    continue
                moved[(reason(o, n), change(o, n))] += 1
            read_total += len(old)
            if not moved:
                continue
            count = sum(moved.values())
            moved_total += count
            print(f"{' '.join(run)} over {corpus}: {count} of {len(old)} records moved")
            for (why, what), k in moved.most_common():
                print(f"  {k:6d}  {why}: {what}")
                totals[why] += k
    print(f"summary: {moved_total} of {read_total} records moved ({len(runs)} rule sets x {len(corpora)} corpora)")
    for why, k in totals.most_common():
        print(f"summary: {k:6d}  {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
