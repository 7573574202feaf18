#!/usr/bin/env python3
"""The census and trend aggregates of caseflow written as DuckDB SQL, for the benchmark.

Same input (RUN/parquet/cases_classified.parquet), same definitions (shared
domain/metrics.md), same outputs written as Parquet: census summary by court, team,
officer and leader; the seven categories with distinct total and overlap matrix; root
causes as a Pareto and by group; age bands in calendar months; the oldest cases; cases
due within 30/60 days; the masked debtor list; monthly B, N, D, E per unit with the
identity check; stock-flow and case-level ratios with medians. It is also a reading of
the metric definitions in plain SQL, so a data centre can run them on its own engine.

Usage:
  census-duckdb.py RUN OUT_DIR                  run every query, print wall seconds
  census-duckdb.py RUN OUT_DIR --check          also compare headline figures with the
                                                Parquet tables caseflow wrote in RUN
"""
import os
import sys
import time

import duckdb

KINDS = "('first','resumed','preservation','enforcement_unknown','unparsed')"
GOV = "人民政府|管理委员会|管委会|委员会|办事处|街道|人民法院|人民检察院|公安局|财政局|局|厅|政府"
# 居民身份证号码 (birth date in place) and 统一社会信用代码 shapes; check characters are not verified.
RESIDENT = "[0-9]{6}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]"
CREDIT = "[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}"
COM = "公司|厂|店|中心|合作社|集团|银行|医院|学校|商行|经营部|事务所|研究所|协会|企业|门市|工作室|部"


def queries(run, out):
    src = os.path.join(run, "parquet", "cases_classified.parquet")
    q = []
    # Old court abbreviations → the court code seen most often with the same court name.
    q.append(f"""
CREATE OR REPLACE TEMP TABLE alias AS
WITH pairs AS (
  SELECT court_code, court_name, case_no_style = 'new' AS new_style, count(*) AS n
  FROM read_parquet('{src}') WHERE court_code IS NOT NULL AND court_name IS NOT NULL GROUP BY ALL),
old_name AS (SELECT court_code AS old, arg_max(court_name, n) AS name FROM pairs WHERE NOT new_style GROUP BY 1),
new_code AS (SELECT court_name AS name, arg_max(court_code, n) AS code FROM pairs WHERE new_style GROUP BY 1)
SELECT old, code FROM old_name JOIN new_code USING (name) WHERE old <> code""")
    # The cases in scope, only the columns the figures use (as caseflow reads them).
    q.append(f"""
CREATE OR REPLACE TEMP TABLE cases AS
SELECT r.as_of, r.status_as_of, r.filed_on, r.in_backlog, r.case_no, coalesce(r.case_kind, 'unparsed') AS case_kind,
       r.court_name, r.team, r.officer, r.leader, r.closure_method, r.claim_fen, r.recovered_fen,
       r.deducted_days, r.due_on, r.age_days, r.overdue_days,
       r.cat_1, r.cat_2, r.cat_3, r.cat_4, r.cat_5, r.cat_6, r.cat_7,
       r.root_causes, r.respondents, r.respondent_ids, r.has_assets,
       coalesce(a.code, r.court_code) AS court,
       r.status_as_of IN ('pending','suspended','deferred') AS is_open,
       CASE WHEN r.claim_fen IS NULL THEN NULL ELSE greatest(r.claim_fen - coalesce(r.recovered_fen, 0), 0) END AS outstanding_fen,
       CASE WHEN r.closed_on <= r.as_of THEN r.closed_on END AS closed
FROM read_parquet('{src}') r LEFT JOIN alias a ON r.court_code = a.old
WHERE coalesce(r.case_kind, 'unparsed') IN {KINDS}""")
    q.append("""
CREATE OR REPLACE TEMP TABLE court_names AS
SELECT court, arg_max(court_name, n) AS court_name
FROM (SELECT court, court_name, count(*) n FROM cases WHERE court_name IS NOT NULL GROUP BY ALL) GROUP BY 1""")

    def copy(name, sql):
        q.append(f"COPY ({sql}) TO '{os.path.join(out, name)}.parquet' (FORMAT parquet)")

    # Summary.
    aggs = """count(*) AS pending,
  count(*) FILTER (status_as_of = 'pending') AS status_pending,
  count(*) FILTER (status_as_of = 'suspended') AS suspended,
  count(*) FILTER (status_as_of = 'deferred') AS deferred,
  count(*) FILTER (in_backlog) AS backlog,
  100.0 * count(*) FILTER (in_backlog) / count(*) AS backlog_share,
  count(*) FILTER (coalesce(overdue_days, 0) > 0) AS overdue,
  count(*) FILTER (coalesce(overdue_days, 0) >= 365) AS overdue_1y,
  count(*) FILTER (in_backlog AND has_assets) AS backlog_has_assets,
  count(*) FILTER (in_backlog AND NOT has_assets) AS backlog_no_assets,
  coalesce(sum(claim_fen), 0) AS claim_fen, coalesce(sum(outstanding_fen), 0) AS outstanding_fen,
  coalesce(sum(claim_fen) FILTER (in_backlog), 0) AS backlog_claim_fen,
  coalesce(sum(outstanding_fen) FILTER (in_backlog), 0) AS backlog_outstanding_fen,
  count(*) FILTER (claim_fen IS NULL) AS claim_unknown"""
    copy("census_summary", f"""
WITH g AS (
  SELECT CASE WHEN grouping(court) = 1 THEN 'all' WHEN grouping(team) = 1 THEN 'court'
              WHEN grouping(officer) = 1 THEN 'team' ELSE 'officer' END AS level,
         court, team, officer, NULL::VARCHAR AS leader, {aggs}
  FROM cases WHERE is_open
  GROUP BY GROUPING SETS ((), (court), (court, team), (court, team, officer))
  UNION ALL
  SELECT 'leader', court, NULL, NULL, leader, {aggs}
  FROM cases WHERE is_open AND leader IS NOT NULL GROUP BY court, leader)
SELECT g.level, g.court AS court_code, n.court_name, g.* EXCLUDE (level, court)
FROM g LEFT JOIN court_names n USING (court)
ORDER BY level, court_code NULLS LAST, team NULLS LAST, officer NULLS LAST, leader NULLS LAST""")

    # Categories, distinct total, overlap.
    cat_aggs = []
    for k in range(1, 8):
        cat_aggs.append(f"count(*) FILTER (in_backlog AND cat_{k}) AS c{k}")
        cat_aggs.append(f"coalesce(sum(claim_fen) FILTER (in_backlog AND cat_{k}), 0) AS a{k}")
        cat_aggs.append(f"coalesce(sum(outstanding_fen) FILTER (in_backlog AND cat_{k}), 0) AS o{k}")
        cat_aggs.append(f"count(*) FILTER (cat_{k}) AS p{k}")
    anycat = " OR ".join(f"cat_{k}" for k in range(1, 8))
    cat_aggs.append(f"count(*) FILTER (in_backlog AND ({anycat})) AS c_any")
    cat_aggs.append(f"coalesce(sum(claim_fen) FILTER (in_backlog AND ({anycat})), 0) AS a_any")
    cat_aggs.append(f"coalesce(sum(outstanding_fen) FILTER (in_backlog AND ({anycat})), 0) AS o_any")
    cat_aggs.append("count(*) FILTER (in_backlog) AS c_backlog")
    q.append(f"""
CREATE OR REPLACE TEMP TABLE cat_wide AS
SELECT CASE WHEN grouping(court) = 1 THEN 'all' ELSE 'court' END AS level, court, {', '.join(cat_aggs)}
FROM cases WHERE is_open GROUP BY GROUPING SETS ((), (court))""")
    unions = " UNION ALL ".join(
        f"SELECT level, court, 'category' AS row_kind, {k} AS category, c{k} AS backlog_cases, a{k} AS claim_fen, o{k} AS outstanding_fen, p{k} AS open_cases, c_backlog FROM cat_wide"
        for k in range(1, 8))
    copy("census_categories", f"""
SELECT level, court AS court_code, row_kind, category, backlog_cases,
       100.0 * backlog_cases / nullif(c_backlog, 0) AS share_of_backlog, claim_fen, outstanding_fen, open_cases
FROM ({unions} UNION ALL SELECT level, court, 'distinct_total', NULL, c_any, a_any, o_any, NULL, c_backlog FROM cat_wide)
ORDER BY level, court_code NULLS LAST, row_kind, category""")
    both = ", ".join(
        f"count(*) FILTER (in_backlog AND cat_{a} AND cat_{b}) AS b{a}_{b}" for a in range(1, 8) for b in range(1, 8))
    q.append(f"""
CREATE OR REPLACE TEMP TABLE overlap_wide AS
SELECT CASE WHEN grouping(court) = 1 THEN 'all' ELSE 'court' END AS level, court, {both}
FROM cases WHERE is_open GROUP BY GROUPING SETS ((), (court))""")
    rows = " UNION ALL ".join(
        f"SELECT level, court, {a} AS category, " + ", ".join(f"b{a}_{b} AS cat_{b}" for b in range(1, 8)) + " FROM overlap_wide"
        for a in range(1, 8))
    copy("census_category_overlap", f"SELECT * FROM ({rows}) ORDER BY level, court NULLS LAST, category")

    # Root causes: Pareto and groups.
    copy("census_root_causes", """
WITH m AS (
  SELECT court, unnest(list_distinct(root_causes)) AS cause, claim_fen, outstanding_fen
  FROM cases WHERE is_open AND in_backlog),
g AS (
  SELECT CASE WHEN grouping(court) = 1 THEN 'all' ELSE 'court' END AS level, court, cause,
         count(*) AS cases, coalesce(sum(claim_fen), 0) AS claim_fen, coalesce(sum(outstanding_fen), 0) AS outstanding_fen
  FROM m GROUP BY GROUPING SETS ((cause), (court, cause))),
b AS (SELECT CASE WHEN grouping(court) = 1 THEN 'all' ELSE 'court' END AS level, court, count(*) AS backlog
      FROM cases WHERE is_open AND in_backlog GROUP BY GROUPING SETS ((), (court)))
SELECT g.level, g.court AS court_code,
       row_number() OVER w AS rank,
       CASE WHEN cause = 'no_assets' THEN '执行不能' WHEN cause = 'unknown' THEN '原因不明' ELSE '执行难' END AS cause_group,
       cause, cases, claim_fen, outstanding_fen,
       100.0 * cases / sum(cases) OVER p AS share,
       100.0 * sum(cases) OVER (w ROWS UNBOUNDED PRECEDING) / sum(cases) OVER p AS cumulative_share,
       100.0 * cases / b.backlog AS share_of_backlog
FROM g JOIN b ON g.level = b.level AND g.court IS NOT DISTINCT FROM b.court
WINDOW p AS (PARTITION BY g.level, g.court), w AS (PARTITION BY g.level, g.court ORDER BY cases DESC, claim_fen DESC, cause)
ORDER BY g.level, court_code NULLS LAST, rank""")
    copy("census_root_cause_groups", """
WITH f AS (
  SELECT court, claim_fen, outstanding_fen,
         list_contains(root_causes, 'no_assets') AS inability,
         len(list_filter(root_causes, lambda x: x NOT IN ('no_assets', 'unknown'))) > 0 AS difficulty,
         list_contains(root_causes, 'unknown') AS unknown
  FROM cases WHERE is_open AND in_backlog)
SELECT CASE WHEN grouping(court) = 1 THEN 'all' ELSE 'court' END AS level, court AS court_code,
       CASE WHEN inability AND NOT difficulty THEN '仅执行不能' WHEN difficulty AND NOT inability THEN '仅执行难'
            WHEN inability AND difficulty THEN '执行不能且执行难' WHEN unknown THEN '原因不明' ELSE '未记录原因' END AS cause_group,
       count(*) AS cases, coalesce(sum(claim_fen), 0) AS claim_fen, coalesce(sum(outstanding_fen), 0) AS outstanding_fen
FROM f GROUP BY GROUPING SETS ((cause_group), (court, cause_group)) ORDER BY ALL""")

    # Aging: whole calendar months of (as_of − age_days) … as_of.
    copy("census_aging", """
WITH a AS (
  SELECT court, team, in_backlog, claim_fen, outstanding_fen, as_of, as_of - age_days::INTEGER AS start
  FROM cases WHERE is_open),
m AS (
  SELECT *, date_diff('month', start, as_of)
            - CASE WHEN start + to_months(date_diff('month', start, as_of)::INTEGER) > as_of THEN 1 ELSE 0 END AS months
  FROM a),
b AS (
  SELECT *, CASE WHEN months IS NULL THEN '账龄不明' WHEN months < 3 THEN '0-3个月' WHEN months < 6 THEN '3-6个月'
                 WHEN months < 12 THEN '6-12个月' WHEN months < 24 THEN '12-24个月' WHEN months < 36 THEN '24-36个月'
                 ELSE '36个月以上' END AS band
  FROM m)
SELECT CASE WHEN grouping(court) = 1 THEN 'all' WHEN grouping(team) = 1 THEN 'court' ELSE 'team' END AS level,
       court AS court_code, team, band, count(*) AS pending, count(*) FILTER (in_backlog) AS backlog,
       coalesce(sum(claim_fen), 0) AS claim_fen, coalesce(sum(outstanding_fen), 0) AS outstanding_fen,
       100.0 * count(*) / sum(count(*)) OVER (PARTITION BY grouping(court), grouping(team), court, team) AS share
FROM b GROUP BY GROUPING SETS ((band), (court, band), (court, team, band)) ORDER BY ALL""")

    cols = """case_no, court AS court_code, team, officer, leader, case_kind, status_as_of, filed_on, deducted_days,
       age_days, due_on, overdue_days, in_backlog, claim_fen, outstanding_fen"""
    copy("census_oldest", f"""
SELECT row_number() OVER (ORDER BY age_days DESC, filed_on, case_no) AS rank, {cols}
FROM cases WHERE is_open AND age_days IS NOT NULL ORDER BY age_days DESC, filed_on, case_no LIMIT 100""")
    copy("census_due_soon", f"""
SELECT CASE WHEN due_on < as_of + 30 THEN 30 ELSE 60 END AS window_days, due_on - as_of AS days_left, {cols}
FROM cases WHERE status_as_of = 'pending' AND due_on >= as_of AND due_on < as_of + 60 ORDER BY due_on, case_no""")

    # The debtor list: persons masked, organisations in full.
    copy("census_debtors", f"""
WITH p AS (
  SELECT case_no, court, claim_fen, outstanding_fen, filed_on, overdue_days,
         unnest(respondents) AS raw_name, unnest(range(1, len(respondents) + 1)) AS pos, respondent_ids
  FROM cases WHERE is_open AND in_backlog),
k AS (
  SELECT *, trim(raw_name) AS name, upper(trim(respondent_ids[pos])) AS id,
         CASE WHEN regexp_full_match(coalesce(upper(trim(respondent_ids[pos])), ''), '{RESIDENT}') THEN 'person'
              WHEN regexp_full_match(coalesce(upper(trim(respondent_ids[pos])), ''), '{CREDIT}')
                THEN CASE WHEN regexp_matches(raw_name, '{GOV}') THEN 'government' ELSE 'company' END
              WHEN regexp_matches(raw_name, '{GOV}') THEN 'government'
              WHEN regexp_matches(raw_name, '{COM}') THEN 'company'
              WHEN regexp_full_match(trim(raw_name), '\\p{{Han}}{{2,4}}') THEN 'person' ELSE 'unknown' END AS kind
  FROM p WHERE trim(raw_name) <> ''),
keyed AS (
  SELECT *, CASE WHEN kind IN ('company', 'government') THEN 'o:' || name
                 WHEN kind = 'person' AND regexp_full_match(coalesce(id, ''), '{RESIDENT}') THEN 'p:' || id
                 ELSE 'c:' || name || '|' || case_no END AS key
  FROM k)
SELECT row_number() OVER (ORDER BY sum(outstanding_fen) DESC, count(DISTINCT case_no) DESC) AS rank,
       any_value(kind) AS debtor_kind,
       CASE WHEN any_value(kind) IN ('company', 'government') THEN mode(name)
            ELSE left(mode(name), 1) || repeat('*', length(mode(name)) - 1) END AS name,
       CASE WHEN any_value(kind) IN ('company', 'government') THEN max(id)
            WHEN max(id) IS NULL THEN NULL
            ELSE left(max(id), 4) || repeat('*', greatest(length(max(id)) - 8, 0)) || right(max(id), 4) END AS id_no,
       count(DISTINCT case_no) AS cases, list(DISTINCT case_no ORDER BY case_no) AS case_nos,
       coalesce(sum(claim_fen), 0) AS claim_fen, coalesce(sum(outstanding_fen), 0) AS outstanding_fen,
       min(filed_on) AS earliest_filed_on, max(overdue_days) AS max_overdue_days
FROM keyed GROUP BY key ORDER BY rank""")

    # Trend: the twelve months to the as-of date and the whole range.
    q.append("""
CREATE OR REPLACE TEMP TABLE periods AS
WITH a AS (SELECT max(as_of) AS as_of FROM cases),
m AS (SELECT unnest(generate_series(date_trunc('month', as_of) - INTERVAL 11 MONTH, date_trunc('month', as_of), INTERVAL 1 MONTH))::DATE AS s, as_of FROM a)
SELECT strftime(s, '%Y-%m') AS period, s, least((s + INTERVAL 1 MONTH)::DATE - 1, as_of) AS e, false AS whole_range FROM m
UNION ALL
SELECT min(strftime(s, '%Y-%m')) || '~', min(s), max(as_of), true FROM m""")
    q.append("""
CREATE OR REPLACE TEMP TABLE periods_d AS
SELECT *, CASE WHEN whole_range AND (s + INTERVAL 12 MONTH)::DATE = e + 1 THEN 365 ELSE e - s + 1 END AS days FROM periods""")
    unit_sets = "GROUPING SETS ((p.period), (p.period, c.court), (p.period, c.court, c.team), (p.period, c.court, c.team, c.officer))"
    level = """CASE WHEN grouping(c.court) = 1 THEN 'all' WHEN grouping(c.team) = 1 THEN 'court'
                WHEN grouping(c.officer) = 1 THEN 'team' ELSE 'officer' END"""
    q.append(f"""
CREATE OR REPLACE TEMP TABLE flows AS
SELECT {level} AS level, c.court AS court_code, c.team, c.officer, p.period,
       count(*) FILTER (c.filed_on < p.s AND (c.closed IS NULL OR c.closed >= p.s)) AS pending_start,
       count(*) FILTER (c.filed_on BETWEEN p.s AND p.e) AS incoming,
       count(*) FILTER (c.closed BETWEEN p.s AND p.e) AS resolved,
       count(*) FILTER (c.filed_on <= p.e AND (c.closed IS NULL OR c.closed > p.e)) AS pending_end
FROM cases c JOIN periods p ON c.filed_on <= p.e AND coalesce(c.closed, DATE '9999-12-31') >= p.s
GROUP BY {unit_sets}""")
    copy("trend_flows", """
SELECT *, pending_start + incoming - resolved - pending_end AS identity_gap,
       pending_start + incoming - resolved = pending_end AS identity_holds
FROM flows ORDER BY level, court_code NULLS LAST, team NULLS LAST, officer NULLS LAST, period""")
    q.append(f"""
CREATE OR REPLACE TEMP TABLE closed_stats AS
SELECT {level} AS level, c.court AS court_code, c.team, c.officer, p.period,
       count(*) FILTER (c.closure_method = '终本') AS closed_terminated_current,
       count(*) FILTER (c.case_kind = 'first') AS completion_closed,
       count(*) FILTER (c.case_kind = 'first' AND c.closure_method = '执行完毕') AS completion_completed,
       coalesce(sum(c.claim_fen), 0) AS claim_closed_fen,
       coalesce(sum(coalesce(c.recovered_fen, 0)) FILTER (c.claim_fen IS NOT NULL), 0) AS recovered_closed_fen,
       count(c.due_on) AS closed_with_due, count(*) FILTER (c.closed <= c.due_on) AS closed_within_due,
       count(c.filed_on) AS closed_with_duration,
       count(*) FILTER (c.closed - c.filed_on - coalesce(c.deducted_days, 0) <= 90) AS w90,
       count(*) FILTER (c.closed - c.filed_on - coalesce(c.deducted_days, 0) <= 180) AS w180,
       count(*) FILTER (c.closed - c.filed_on - coalesce(c.deducted_days, 0) <= 365) AS w365,
       median(c.closed - c.filed_on - coalesce(c.deducted_days, 0)) AS median_disposition_days
FROM cases c JOIN periods p ON c.closed BETWEEN p.s AND p.e
GROUP BY {unit_sets}""")
    copy("trend_ratios", """
SELECT f.*, d.days AS period_days,
       100.0 * resolved / nullif(incoming, 0) AS clearance_rate,
       100.0 * resolved / nullif(incoming, 0) AS clearance_rate_all,
       d.days * pending_end / nullif(resolved, 0) AS disposition_time_days,
       100.0 * resolved / nullif(pending_start + incoming, 0) AS disposal_rate,
       100.0 * (pending_end - pending_start) / nullif(pending_start, 0) AS pending_change,
       100.0 * pending_end / nullif(incoming, 0) AS pending_to_incoming,
       pending_start + incoming AS handled,
       100.0 * resolved / nullif(pending_start + incoming, 0) AS enforcement_closure_rate,
       100.0 * (resolved - coalesce(s.closed_terminated_current, 0)) / nullif(pending_start + incoming, 0) AS actual_closure_rate,
       100.0 * s.completion_completed / nullif(s.completion_closed, 0) AS completion_rate,
       100.0 * s.closed_terminated_current / nullif(resolved, 0) AS terminated_current_rate,
       100.0 * s.recovered_closed_fen / nullif(s.claim_closed_fen, 0) AS recovery_rate,
       100.0 * s.closed_within_due / nullif(s.closed_with_due, 0) AS within_period_rate,
       100.0 * s.w90 / nullif(s.closed_with_duration, 0) AS closed_within_90_share,
       100.0 * s.w180 / nullif(s.closed_with_duration, 0) AS closed_within_180_share,
       100.0 * s.w365 / nullif(s.closed_with_duration, 0) AS closed_within_365_share,
       s.median_disposition_days
FROM flows f JOIN periods_d d USING (period)
LEFT JOIN closed_stats s ON f.level = s.level AND f.period = s.period
  AND f.court_code IS NOT DISTINCT FROM s.court_code AND f.team IS NOT DISTINCT FROM s.team
  AND f.officer IS NOT DISTINCT FROM s.officer
ORDER BY f.level, f.court_code NULLS LAST, f.team NULLS LAST, f.officer NULLS LAST, f.period""")
    return q


def check(con, run, out):
    """Headline figures of both engines must agree (else the comparison means nothing)."""
    pq = os.path.join(run, "parquet")
    pairs = [
        ("summary, whole run",
         f"SELECT pending, backlog, overdue, overdue_1y, suspended, claim_fen, outstanding_fen FROM '{pq}/census_summary.parquet' WHERE level = 'all'",
         f"SELECT pending, backlog, overdue, overdue_1y, suspended, claim_fen, outstanding_fen FROM '{out}/census_summary.parquet' WHERE level = 'all'"),
        ("summary rows per level",
         f"SELECT level, count(*) FROM '{pq}/census_summary.parquet' GROUP BY 1 ORDER BY 1",
         f"SELECT level, count(*) FROM '{out}/census_summary.parquet' GROUP BY 1 ORDER BY 1"),
        ("categories, whole run",
         f"SELECT category, backlog_cases, claim_fen FROM '{pq}/census_categories.parquet' WHERE level = 'all' AND row_kind IN ('category', 'distinct_total') ORDER BY 1 NULLS LAST",
         f"SELECT category, backlog_cases, claim_fen FROM '{out}/census_categories.parquet' WHERE level = 'all' AND row_kind IN ('category', 'distinct_total') ORDER BY 1 NULLS LAST"),
        ("root causes, whole run",
         f"SELECT cause, cases FROM '{pq}/census_root_causes.parquet' WHERE level = 'all' ORDER BY 1",
         f"SELECT cause, cases FROM '{out}/census_root_causes.parquet' WHERE level = 'all' ORDER BY 1"),
        ("aging, whole run",
         f"SELECT band, pending FROM '{pq}/census_aging.parquet' WHERE level = 'all' ORDER BY 1",
         f"SELECT band, pending FROM '{out}/census_aging.parquet' WHERE level = 'all' ORDER BY 1"),
        ("due soon",
         f"SELECT count(*) FROM '{pq}/census_due_soon.parquet'",
         f"SELECT count(*) FROM '{out}/census_due_soon.parquet'"),
        ("debtors",
         f"SELECT debtor_kind, count(*) FROM '{pq}/census_debtors.parquet' GROUP BY 1 ORDER BY 1",
         f"SELECT debtor_kind, count(*) FROM '{out}/census_debtors.parquet' GROUP BY 1 ORDER BY 1"),
        ("monthly flows of every unit",
         f"SELECT level, court_code, team, officer, period[1:7], pending_start, incoming, resolved, pending_end FROM '{pq}/trend_flows.parquet' ORDER BY ALL",
         f"SELECT level, court_code, team, officer, period[1:7], pending_start, incoming, resolved, pending_end FROM '{out}/trend_flows.parquet' ORDER BY ALL"),
        ("ratios of the whole run",
         f"SELECT period[1:7], round(clearance_rate, 9), round(disposition_time_days, 9), round(recovery_rate, 9), median_disposition_days FROM '{pq}/trend_ratios.parquet' WHERE level = 'all' ORDER BY 1",
         f"SELECT period[1:7], round(clearance_rate, 9), round(disposition_time_days, 9), round(recovery_rate, 9), median_disposition_days FROM '{out}/trend_ratios.parquet' WHERE level = 'all' ORDER BY 1"),
    ]
    ok = True
    for name, a, b in pairs:
        x, y = con.execute(a).fetchall(), con.execute(b).fetchall()
        same = x == y
        ok &= same
        print(f"  {'agree' if same else 'DIFFER'}: {name}" + ("" if same else f"\n    caseflow {x[:5]}\n    duckdb   {y[:5]}"),
              file=sys.stderr)
    return ok


def main():
    run, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    con = duckdb.connect()
    t = time.perf_counter()
    for sql in queries(run, out):
        con.execute(sql)
    print(f"{time.perf_counter() - t:.3f}")
    if "--check" in sys.argv[3:]:
        if not check(con, run, out):
            sys.exit(1)


if __name__ == "__main__":
    main()
