#!/usr/bin/env python3
"""Benchmark: `caseflow dedup` next to Splink (DuckDB backend) and the exact-key baseline.

Issue #5: on the generator's truth, the same ingested records go through caseflow's dedup,
through a Splink model and through the trivial baseline (rows with the same normalised 案号
key are one case, rows without a key stay alone). All three are scored by the same code:
pairwise precision, recall and F1 over unordered pairs of source rows, counted from the
sizes of the cells of the (predicted cluster × true case) contingency table, so no pair is
ever enumerated. Wall time and peak RSS are measured per child process with /usr/bin/time.

    scripts/dedup-splink.py [--cases 3300000] [--courts 21] [--seed 42] [--noise medium]
                            [--work /var/tmp/caseflow-dedup-bench] [--bin PATH] [--repeat N]
                            [--models generic,keyed] [--threshold 0.9] [--u-pairs 1e8]
                            [--em-blocks 'case_key;court,claim_yuan,filed_month']
                            [--reuse-run] [--no-write] [--benchmarks BENCHMARKS.md]

Steps: (1) a venv with pinned splink/duckdb/polars/pyarrow (created once in
/var/tmp/caseflow-bench-venv; the script re-executes itself inside it); (2) `caseflow
generate` (reused when WORK/data-*/manifest.json holds the same parameters); (3) `caseflow
ingest` of the census snapshot's case lists (system A workbooks, system B CSV) and `caseflow
dedup`, each timed; (4) Splink on RUN/parquet/cases.parquet in a child process (features,
u by random sampling, m by EM on two blocking rules, predict at --threshold, connected
components at --threshold), once per model: `generic` scores every blocked pair, `keyed`
never compares two rows that both have a 案号 key (`-labels` variants take m from pairs
that share a key instead of EM); (5) exact key only, in a child process too; (6) scores; (7) a
Markdown table, also written into BENCHMARKS.md under `## dedup` as the subsection
`### 1M records: caseflow vs Splink vs exact key` (replaced when present).

--cases 3300000 --courts 21 gives about a million census rows (the census snapshot lists
about 30 % of the generated cases, 1.25 rows each). The caseflow binary is --bin, else
$CASEFLOW_BIN, else target/release/caseflow.
"""
import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time

VENV = os.environ.get("CASEFLOW_BENCH_VENV", "/var/tmp/caseflow-bench-venv")
PINS = ["splink==5.0.0", "duckdb==2.0.1", "polars==2.1.0", "pyarrow==26.0.1", "sqlglot==30.30.0"]
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HEADING = "### 1M records: caseflow vs Splink vs exact key"


# ---------------------------------------------------------------- venv


def ensure_venv():
    """Re-executes this script with the venv's interpreter (creating the venv once)."""
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    stamp = os.path.join(VENV, ".pins")
    if not (os.path.exists(py) and os.path.exists(stamp) and open(stamp).read() == "\n".join(PINS)):
        print(f"creating {VENV} with {' '.join(PINS)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", *PINS], check=True)
        with open(stamp, "w") as f:
            f.write("\n".join(PINS))
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


# ---------------------------------------------------------------- measuring


def loadavg():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def timed(cmd, cwd=None, log=None, ok=(0,)):
    """Runs cmd; returns its wall and CPU seconds, peak RSS in MB, load averages before and after."""
    before = loadavg()
    rss_file = os.path.join(os.path.dirname(log) if log else "/tmp", f".rss-{os.getpid()}")
    tv = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] if tv else []) + cmd
    t0 = time.perf_counter()
    with open(log or os.devnull, "w") as out:
        r = subprocess.run(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - t0
    if r.returncode not in ok:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}; see {log}")
    if tv:
        rss_kb, user, system = open(rss_file).read().split("\n")[-2].split()
        rss_mb, cpu = int(rss_kb) / 1024, float(user) + float(system)
        os.remove(rss_file)
    else:  # peak of all children so far: an upper bound
        import resource

        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_mb, cpu = ru.ru_maxrss / 1024, None
    print(f"  {wall:8.1f} s  {cpu or 0:8.1f} s CPU  {rss_mb:8.0f} MB  load {before} -> {loadavg()}  {' '.join(cmd)[:120]}",
          file=sys.stderr)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": rss_mb, "load_before": before, "load_after": loadavg(),
            "exit": r.returncode}


def best(n, run):
    """The run with the least wall time of n (all wall times kept in "walls")."""
    runs = [run() for _ in range(n)]
    b = min(runs, key=lambda r: r["wall_s"])
    b["walls"] = [round(r["wall_s"], 1) for r in runs]
    return b


# ---------------------------------------------------------------- Splink (child process)

# The records as Splink sees them: one row per ingested source row, with the court made
# canonical (system B names it; system A's workbook is per court; a masked 案号 may still
# carry it), the first respondent and applicant, the claim in 元 and the filing month for
# blocking. The 案号 key is caseflow's normalised key, the same the exact baseline uses.
PREP_SQL = r"""
CREATE TABLE raw AS
SELECT row_number() OVER () AS unique_id, source_file, coalesce(source_sheet, '') AS source_sheet,
       source_row, case_key, court_name, basis_key, cause, claim_fen, filed_on,
       respondents[1] AS respondent, applicants[1] AS applicant,
       coalesce(court_code,
                nullif(regexp_extract(case_no_raw, '(浙[0-9]{4})', 1), ''),
                CASE WHEN regexp_matches(source_file, 'zhe[0-9]{4}')
                     THEN '浙' || regexp_extract(source_file, 'zhe([0-9]{4})', 1) END) AS code
FROM read_parquet('{cases}');
CREATE TABLE code_name AS
SELECT code, arg_max(court_name, n) AS name
FROM (SELECT code, court_name, count(*) AS n FROM raw
      WHERE code IS NOT NULL AND court_name IS NOT NULL GROUP BY ALL)
GROUP BY code;
CREATE TABLE recs AS
SELECT r.unique_id, r.source_file, r.source_sheet, r.source_row,
       r.case_key, coalesce(r.court_name, c.name, r.code) AS court,
       nullif(r.respondent, '') AS respondent, nullif(r.applicant, '') AS applicant,
       r.claim_fen, round(r.claim_fen / 100.0)::BIGINT AS claim_yuan,
       r.filed_on, strftime(r.filed_on, '%Y-%m') AS filed_month,
       nullif(r.cause, '') AS cause, r.basis_key
FROM raw r LEFT JOIN code_name c USING (code);
DROP TABLE raw;
"""


def name_comparison(col):
    import splink.comparison_library as cl
    import splink.comparison_level_library as cll

    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            cll.LevenshteinLevel(col, 1),  # one character: 张伟/章伟, a homophone
            cll.JaroWinklerLevel(col, 0.8),  # organisation suffix or place prefix changed
            cll.ElseLevel(),
        ],
    )


def em_blocks(spec):
    """'case_key;court,claim_yuan,filed_month' -> [['case_key'], ['court', 'claim_yuan', 'filed_month']]"""
    return [b.split(",") for b in spec.split(";") if b]


MODELS = {
    "generic": "Splink, generic model (m by EM)",
    "keyed": "Splink, key-aware blocking (m by EM)",
    "generic-labels": "Splink, generic model (m from 案号 labels)",
    "keyed-labels": "Splink, key-aware blocking (m from 案号 labels)",
}


def prediction_blocks(model):
    """generic: every pair that shares the key, court + respondent, or court + claim + month
    is scored. keyed: two rows that both have a (different) 案号 key are never compared —
    the fuzzy rules only pair a row without a key with another row, as caseflow does."""
    rules = [("case_key",), ("court", "respondent"), ("court", "claim_yuan", "filed_month")]
    out = []
    for i, cols in enumerate(rules):
        sql = " AND ".join(f"l.{c} = r.{c}" for c in cols)
        if model.startswith("keyed") and i > 0:
            sql += " AND (l.case_key IS NULL OR r.case_key IS NULL)"
        out.append(sql)
    return out


def splink_worker(args):
    import duckdb
    import splink
    import splink.comparison_library as cl
    import splink.comparison_level_library as cll
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    phases = {}
    t0 = last = time.perf_counter()

    def mark(name):
        nonlocal last
        now = time.perf_counter()
        phases[name] = round(now - last, 2)
        last = now
        print(f"splink: {name} {phases[name]} s", file=sys.stderr, flush=True)

    con = duckdb.connect()
    con.execute(PREP_SQL.replace("{cases}", args.cases)).fetchall()
    n = con.execute("SELECT count(*) FROM recs").fetchall()[0][0]
    mark("load and features")

    claim = cl.CustomComparison(
        output_column_name="claim_fen",
        comparison_levels=[
            cll.NullLevel("claim_fen"),
            cll.ExactMatchLevel("claim_fen"),
            cll.AbsoluteDifferenceLevel("claim_fen", 100),  # system B rounds to the 元
            cll.PercentageDifferenceLevel("claim_fen", 0.01),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.ExactMatch("case_key"),
            name_comparison("respondent"),
            name_comparison("applicant"),
            claim,
            cl.AbsoluteDateDifferenceAtThresholds(
                "filed_on", input_is_string=False, metrics=["day", "day"], thresholds=[7, 60]),
            cl.ExactMatch("cause"),
            cl.ExactMatch("basis_key"),
        ],
        blocking_rules_to_generate_predictions=prediction_blocks(args.model),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("recs"), settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("case_key")], recall=0.95)
    mark("prior (deterministic rule)")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_pairs, seed=1)
    mark("u by random sampling")
    if args.model.endswith("-labels"):
        # rows that share a 案号 key are one case: m from those pairs, as caseflow's "labelled"
        linker.training.estimate_m_from_label_column("case_key")
        mark("m from the 案号 key as label")
    else:
        for cols in em_blocks(args.em_blocks):
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(*cols))
            mark(f"m by EM, block on {'+'.join(cols)}")
    pred = linker.inference.predict(threshold_match_probability=args.threshold)
    n_pred = con.execute(f"SELECT count(*) FROM {pred.physical_name}").fetchall()[0][0]
    mark("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=args.threshold)
    con.execute(f"""COPY (SELECT r.source_file, r.source_sheet, r.source_row,
                                 c.cluster_id::VARCHAR AS cluster_id
                          FROM {clusters.physical_name} c JOIN recs r USING (unique_id))
                    TO '{args.out}' (FORMAT parquet)""").fetchall()
    mark("cluster and write")
    phases["total"] = round(time.perf_counter() - t0, 2)
    with open(args.stats, "w") as f:
        json.dump({"records": n, "pairs_above_threshold": n_pred, "phases": phases,
                   "splink": splink.__version__, "duckdb": duckdb.__version__,
                   "model": json.loads(json.dumps(linker.misc.save_model_to_json(), default=str))},
                  f, ensure_ascii=False, indent=1)


def exact_worker(args):
    """The trivial baseline as its own process: same key, one case; no key, alone."""
    import duckdb

    duckdb.sql(f"""COPY (SELECT source_file, coalesce(source_sheet, '') AS source_sheet, source_row,
                               coalesce(case_key, 'row:' || source_file || ':' || source_row) AS cluster_id
                        FROM read_parquet('{args.cases}'))
                   TO '{args.out}' (FORMAT parquet)""")


# ---------------------------------------------------------------- scoring


def score(pred_path, truth_rows, pl, keyed=None):
    """Pairwise precision, recall, F1 from cluster sizes. Also the same restricted to rows
    with a 案号 key (keyed: frame of row ids with a key), to tell where pairs are lost."""
    pred = pl.read_parquet(pred_path).select(
        "source_file", pl.col("source_sheet").fill_null(""), "source_row",
        pl.col("cluster_id").cast(pl.String))
    j = pred.join(truth_rows, on=["source_file", "source_sheet", "source_row"], how="left")
    missing = j["case_id"].null_count()
    if missing:
        sys.exit(f"{pred_path}: {missing} rows not found in the truth")

    def pairs(frame, by):
        return int(frame.group_by(by).len().select((pl.col("len") * (pl.col("len") - 1) // 2).sum()).item())

    def prf(frame):
        tp, pp, tr = pairs(frame, ["cluster_id", "case_id"]), pairs(frame, ["cluster_id"]), pairs(frame, ["case_id"])
        p = tp / pp if pp else 1.0
        r = tp / tr if tr else 1.0
        return {"tp": tp, "pred_pairs": pp, "true_pairs": tr, "precision": p, "recall": r,
                "f1": 2 * p * r / (p + r) if p + r else 0.0}

    out = prf(j)
    out["rows"] = j.height
    out["clusters"] = j["cluster_id"].n_unique()
    if keyed is not None:
        k = prf(j.join(keyed, on=["source_file", "source_sheet", "source_row"], how="semi"))
        # pairs with at least one row without a key = all pairs minus keyed-keyed pairs
        out["unkeyed"] = {x: out[x] - k[x] for x in ("tp", "pred_pairs", "true_pairs")}
        out["keyed"] = k
    return out


# ---------------------------------------------------------------- BENCHMARKS.md


def wrap(lines, width=92):
    """Prose lines wrapped like the rest of BENCHMARKS.md; tables, code and headings kept."""
    import textwrap

    out, code = [], False
    for line in lines:
        if line.startswith("```"):
            code = not code
        if code or line.startswith(("|", "#", "```")) or len(line) <= width or "\n" in line:
            out.append(line)
        else:
            out += textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False)
    return out


def write_section(path, text):
    lines = open(path, encoding="utf-8").read().split("\n")
    try:
        start = lines.index("## dedup")
    except ValueError:
        sys.exit(f"{path}: no '## dedup' section")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    if HEADING in lines[start:end]:
        s = lines.index(HEADING, start)
        e = next((i for i in range(s + 1, end) if lines[i].startswith("### ") or lines[i].startswith("## ")), end)
    else:
        s = e = end
    block = text.rstrip("\n").split("\n") + [""]
    lines[s:e] = block
    open(path, "w", encoding="utf-8").write("\n".join(lines))


# ---------------------------------------------------------------- main


def fmt_int(x):
    return f"{x:,}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=3_300_000)
    ap.add_argument("--courts", type=int, default=21)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--noise", default="medium")
    ap.add_argument("--snapshot", default="census", choices=["census", "end"])
    ap.add_argument("--work", default="/var/tmp/caseflow-dedup-bench")
    ap.add_argument("--bin", default=os.environ.get("CASEFLOW_BIN", os.path.join(REPO, "target", "release", "caseflow")))
    ap.add_argument("--threshold", type=float, default=0.9)
    ap.add_argument("--u-pairs", type=float, default=1e8)
    ap.add_argument("--em-blocks", default="case_key;court,claim_yuan,filed_month",
                    help="blocking rules of the EM passes, ';' between rules, ',' between columns "
                         "(default: %(default)s)")
    ap.add_argument("--models", default="generic,keyed",
                    help="Splink models to run, comma-separated: " + ", ".join(MODELS) + " (empty: none)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run every timed step this many times and keep the fastest")
    ap.add_argument("--reuse-run", action="store_true",
                    help="keep an earlier ingest + dedup of the same data and its times")
    ap.add_argument("--no-write", action="store_true", help="print the table, leave BENCHMARKS.md alone")
    ap.add_argument("--benchmarks", default=os.path.join(REPO, "BENCHMARKS.md"))
    ap.add_argument("--note", default="", help="text added at the end of the subsection (@FILE: read from FILE)")
    # child-process modes
    ap.add_argument("--splink-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--exact-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cases-file", dest="cases_path", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--stats", help=argparse.SUPPRESS)
    ap.add_argument("--model", default="keyed", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.splink_worker or args.exact_worker:
        args.cases = args.cases_path
        return splink_worker(args) if args.splink_worker else exact_worker(args)

    import duckdb
    import polars as pl
    import splink

    binary = os.path.abspath(args.bin)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    tag = f"c{args.cases}-k{args.courts}-s{args.seed}-{args.noise}"
    data = os.path.join(args.work, f"data-{tag}")
    run = os.path.join(args.work, f"run-{tag}-{args.snapshot}")
    logs = os.path.join(args.work, "logs")
    os.makedirs(logs, exist_ok=True)
    res = {}

    # (2) data
    want = {"cases": args.cases, "courts": args.courts, "seed": args.seed}
    man = os.path.join(data, "manifest.json")
    reuse = os.path.exists(man) and all(
        json.load(open(man))["parameters"].get(k) == v for k, v in want.items())
    if not reuse:
        print(f"generating {data}", file=sys.stderr)
        res["generate"] = timed([binary, "generate", "--out", data, "--cases", str(args.cases),
                                 "--courts", str(args.courts), "--seed", str(args.seed),
                                 "--noise", args.noise], log=os.path.join(logs, "generate.log"))
    snap_dir = os.path.join(data, args.snapshot)
    files = sorted(f"{args.snapshot}/{f}" for f in os.listdir(snap_dir)
                   if f.startswith("system_a_") or f == "system_b.csv")

    # (3) caseflow
    cases_path = os.path.join(run, "parquet", "cases.parquet")
    cf_clusters = os.path.join(run, "parquet", "clusters.parquet")
    saved = os.path.join(run, "bench-times.json")
    if args.reuse_run and os.path.exists(cf_clusters) and os.path.exists(saved):
        print(f"reusing {run} and its times", file=sys.stderr)
        res.update(json.load(open(saved)))
    else:
        print("caseflow ingest + dedup", file=sys.stderr)

        def ingest():
            shutil.rmtree(run, ignore_errors=True)
            return timed([binary, "ingest", *files, "--out", run], cwd=data,
                         ok=(0, 1),  # 1: some rows rejected whole
                         log=os.path.join(logs, "ingest.log"))

        res["ingest"] = best(args.repeat, ingest)
        # The clustering alone (what Splink produces), then the full dedup (which also
        # writes cases_dedup, conflicts and lineage, and leaves the run complete); both
        # must write the same clusters.
        res["clusters"] = best(args.repeat, lambda: timed([binary, "dedup", run, "--clusters-only"],
                                                          log=os.path.join(logs, "dedup-clusters.log")))
        clusters_only = open(cf_clusters, "rb").read()
        res["dedup"] = best(args.repeat, lambda: timed([binary, "dedup", run], log=os.path.join(logs, "dedup.log")))
        if open(cf_clusters, "rb").read() != clusters_only:
            sys.exit("caseflow dedup --clusters-only wrote other clusters than the full dedup")
        with open(saved, "w") as f:
            json.dump({k: res[k] for k in ("ingest", "clusters", "dedup")}, f)
    dedup_line = open(os.path.join(logs, "dedup.log")).read().strip().split("\n")[-1]

    # (5) exact key
    exact_out = os.path.join(args.work, f"exact-{tag}.parquet")
    me = [sys.executable, os.path.abspath(__file__)]
    res["exact"] = best(args.repeat, lambda: timed(
        me + ["--exact-worker", "--cases-file", cases_path, "--out", exact_out], log=os.path.join(logs, "exact.log")))

    # (4) Splink, one child process per model
    models = [m for m in args.models.split(",") if m]
    sstats = {}
    for model in models:
        out = os.path.join(args.work, f"splink-{model}-{tag}.parquet")
        stats = os.path.join(args.work, f"splink-{model}-{tag}.json")
        print(f"splink ({model})", file=sys.stderr)
        runs = []
        for _ in range(args.repeat):
            runs.append((timed(
                me + ["--splink-worker", "--model", model, "--cases-file", cases_path, "--out", out,
                      "--stats", stats, "--threshold", str(args.threshold),
                      "--u-pairs", str(args.u_pairs), "--em-blocks", args.em_blocks],
                log=os.path.join(logs, f"splink-{model}.log")), json.load(open(stats))))
        t, sstats[model] = min(runs, key=lambda r: r[0]["wall_s"])  # phases of the best run
        t["walls"] = [round(r[0]["wall_s"], 1) for r in runs]
        res[f"splink-{model}"] = t

    # (6) scores
    truth = (pl.scan_parquet(os.path.join(data, "truth", "source_rows.parquet"))
             .filter((pl.col("snapshot") == args.snapshot) & pl.col("row_kind").is_in(["data", "duplicate"]))
             .select(pl.col("file").alias("source_file"), pl.col("sheet").fill_null("").alias("source_sheet"),
                     pl.col("row").alias("source_row"), "case_id")
             .collect())
    keyed = (pl.read_parquet(cases_path, columns=["source_file", "source_sheet", "source_row", "case_key"])
             .filter(pl.col("case_key").is_not_null())
             .select("source_file", pl.col("source_sheet").fill_null(""), "source_row"))
    cf = pl.read_parquet(cf_clusters, columns=["source_file", "source_sheet", "source_row", "cluster_id"])
    cf_path = os.path.join(args.work, f"caseflow-{tag}.parquet")
    cf.write_parquet(cf_path)
    scores = {"caseflow": score(cf_path, truth, pl, keyed), "exact": score(exact_out, truth, pl, keyed)}
    for model in models:
        scores[f"splink-{model}"] = score(os.path.join(args.work, f"splink-{model}-{tag}.parquet"), truth, pl, keyed)
    records = scores["caseflow"]["rows"]
    true_pairs = scores["caseflow"]["true_pairs"]

    # (7) table
    def row(name, s, t):
        cpu = f"{t['cpu_s']:.1f}" if t.get("cpu_s") is not None else "–"
        return (f"| {name} | {fmt_int(s['rows'])} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} "
                f"| {t['wall_s']:.1f} | {cpu} | {t['peak_mb']:,.0f} |")

    names = {"caseflow": "caseflow dedup", "exact": "exact 案号 key only",
             **{f"splink-{m}": MODELS[m] for m in models}}
    table = ["| method | records | precision | recall | F1 | wall s | CPU s | peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             row("caseflow dedup", scores["caseflow"], res["dedup"]),
             *([row("caseflow dedup --clusters-only", scores["caseflow"], res["clusters"])]
               if "clusters" in res else []),
             row("caseflow ingest + dedup", scores["caseflow"],
                 {"wall_s": res["ingest"]["wall_s"] + res["dedup"]["wall_s"],
                  "cpu_s": (res["ingest"]["cpu_s"] + res["dedup"]["cpu_s"]
                            if res["ingest"].get("cpu_s") is not None and res["dedup"].get("cpu_s") is not None else None),
                  "peak_mb": max(res["ingest"]["peak_mb"], res["dedup"]["peak_mb"])})]
    table += [row(names[f"splink-{m}"], scores[f"splink-{m}"], res[f"splink-{m}"]) for m in models]
    table.append(row(names["exact"], scores["exact"], res["exact"]))

    detail = ["| method | clusters | predicted pairs | false pairs | missed pairs | "
              "missed, both rows keyed | missed, a row without key |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for key, name in names.items():
        s = scores[key]
        detail.append(f"| {name} | {fmt_int(s['clusters'])} | {fmt_int(s['pred_pairs'])} | {fmt_int(s['pred_pairs'] - s['tp'])} "
                      f"| {fmt_int(s['true_pairs'] - s['tp'])} | {fmt_int(s['keyed']['true_pairs'] - s['keyed']['tp'])} "
                      f"| {fmt_int(s['unkeyed']['true_pairs'] - s['unkeyed']['tp'])} |")

    n_unkeyed = records - keyed.height
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.processor())
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    loads = ", ".join(f"{k} {v['load_before']}" for k, v in res.items() if k != "generate")
    cmd = (f"scripts/dedup-splink.py --cases {args.cases} --courts {args.courts} --seed {args.seed} "
           f"--noise {args.noise} --bin {binary}"
           + "".join(f" --{k.replace('_', '-')} " + (f"'{v}'" if isinstance(v, str) else f"{v:g}")
                     for k, v in ((k, getattr(args, k)) for k in ("threshold", "u_pairs", "em_blocks", "models", "repeat"))
                     if v != ap.get_default(k)))
    md = [HEADING, "",
          f"The same {fmt_int(records)} ingested records — the {args.snapshot} snapshot's case lists "
          f"({len(files) - 1} system A workbooks and system B's CSV) of `caseflow generate --cases {args.cases} "
          f"--courts {args.courts} --seed {args.seed} --noise {args.noise}`, {fmt_int(true_pairs)} true pairs, "
          f"{fmt_int(n_unkeyed)} rows without a usable 案号 key — deduplicated by caseflow, by Splink and by the "
          "exact key, and scored by the same code (pairwise precision and recall against the generator's truth, "
          "pairs counted from cluster sizes). caseflow dedup and Splink both start from caseflow's "
          "`cases.parquet` (parsed dates, amounts in 分, names split, 案号 normalised to a key).",
          "",
          f"**Machine.** {os.cpu_count()} vCPU \"{cpu}\", {mem_gb:.0f} GB; {version}, release build; "
          f"Python {platform.python_version()}, splink {splink.__version__}, duckdb {duckdb.__version__}, "
          f"polars {pl.__version__}. Run {dt.date.today().isoformat()}; load average (1/5/15 min) at the start of "
          f"each step: {loads}. Wall time, CPU time (user + system) and peak RSS of each step's process by "
          f"`/usr/bin/time`; " + ("one run each." if args.repeat == 1 else
                                    f"best of {args.repeat} runs each (all wall times: "
                                    + "; ".join(f"{k} " + ", ".join(f"{w:.1f}" for w in v["walls"])
                                                for k, v in res.items() if "walls" in v) + " s)."),
          "",
          "**Command.**", "", "```", cmd, "```", "",
          *table, ""]
    if models:
        md += [f"Splink's model: comparisons on the 案号 key (exact), first respondent and first applicant (exact "
               f"with term-frequency adjustment, one character apart, Jaro-Winkler ≥ 0.8), claim (exact, within "
               f"1 元, within 1 %), filing date (same day, 7 days, 60 days), 案由 (exact) and 执行依据 key (exact); "
               f"prior from the 案号 rule at recall 0.95, u by random sampling ({args.u_pairs:.0e} pairs, seed 1), "
               f"m by EM blocked on " + " and then on ".join(" + ".join(b) for b in em_blocks(args.em_blocks))
               + f"; links at match probability ≥ {args.threshold}, clusters by connected components. Pairs "
               "for prediction: the same 案号 key, court + first respondent, court + claim in 元 + filing month; "
               "the generic model scores every such pair, the key-aware one only pairs in which a row has no "
               "key (two different valid 案号 are two cases, as caseflow assumes).", ""]
        for m in models:
            st = sstats[m]
            md += [f"{MODELS[m]}: {fmt_int(st['pairs_above_threshold'])} pairs above the threshold; time by phase (s): "
                   + ", ".join(f"{k} {v}" for k, v in st["phases"].items()) + ".", ""]
    cfw = res["dedup"]["wall_s"]
    # Like for like: Splink's output is a clustering, which is what `--clusters-only`
    # writes (the same clusters.parquet as the full dedup, checked above).
    cfc = res["clusters"]["wall_s"] if "clusters" in res else None
    for m in models:
        sp, k = scores[f"splink-{m}"], f"splink-{m}"
        md += [f"Goal of issue #5 against {MODELS[m]}: F1 {scores['caseflow']['f1']:.4f} vs {sp['f1']:.4f} — "
               + ("met" if scores["caseflow"]["f1"] >= sp["f1"] else "**not met**")
               + (f"; wall time of the clustering (what Splink writes) {cfc:.1f} s vs {res[k]['wall_s']:.1f} s, "
                  f"Splink/caseflow = {res[k]['wall_s'] / cfc:.2f} (goal ≥ 10) — "
                  + ("met" if cfc * 10 <= res[k]["wall_s"] else "**not met**") if cfc else "")
               + f"; the full dedup (also cases_dedup, conflicts and lineage, which Splink does not make) "
               f"{cfw:.1f} s, Splink/caseflow = {res[k]['wall_s'] / cfw:.2f}.", ""]
    md += ["Where the pairs go:", "", *detail, "",
           f"caseflow's own summary: `{dedup_line}`.", ""]
    if args.note:
        note = open(args.note[1:], encoding="utf-8").read() if args.note.startswith("@") else args.note
        md += [note.strip(), ""]
    text = "\n".join(wrap(md))
    print(text)
    with open(os.path.join(args.work, f"result-{tag}.json"), "w") as f:
        json.dump({"times": res, "scores": scores,
                   "splink": {m: {k: v for k, v in st.items() if k != "model"} for m, st in sstats.items()}},
                  f, indent=1, ensure_ascii=False)
    if not args.no_write:
        write_section(args.benchmarks, text)
        print(f"written to {args.benchmarks}", file=sys.stderr)


if __name__ == "__main__":
    if "--splink-worker" not in sys.argv and "--exact-worker" not in sys.argv:
        ensure_venv()
    main()
