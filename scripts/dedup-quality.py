#!/usr/bin/env python3
"""Pairwise precision and recall of a run's clustering against the generator's truth.

Usage: dedup-quality.py RUN COURT SNAPSHOT
Prints caseflow's figures and those of the trivial baseline (exact 案号 key only: rows
without a usable key stay alone). Pairs are unordered pairs of source rows in one case.
"""
import itertools, sys
from collections import defaultdict
import pyarrow.parquet as pq

run, court, snap = sys.argv[1:4]
truth = pq.read_table(f"{court}/truth/source_rows.parquet").to_pylist()
case_of = {(r["file"], r["row"]): r["case_id"] for r in truth
           if r["snapshot"] == snap and r["row_kind"] in ("data", "duplicate")}
rows = pq.read_table(f"{run}/parquet/clusters.parquet",
                     columns=["source_file", "source_row", "cluster_id", "case_key"]).to_pylist()

def pairs(groups):
    out = set()
    for g in groups.values():
        g.sort()
        out.update(itertools.combinations(g, 2))
    return out

ours, exact, true = defaultdict(list), defaultdict(list), defaultdict(list)
for r in rows:
    k = (r["source_file"], r["source_row"])
    ours[r["cluster_id"]].append(k)
    exact[r["case_key"] or f"row:{k}"].append(k)
    true[case_of[k]].append(k)
pt = pairs(true)
for name, groups in (("caseflow", ours), ("exact key only", exact)):
    po = pairs(groups)
    tp = len(po & pt)
    p = tp / len(po) if po else 1.0
    rc = tp / len(pt) if pt else 1.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    print(f"{name}\t{len(rows)}\t{len(pt)}\t{p:.4f}\t{rc:.4f}\t{f1:.4f}")
