-- 即将届满法定期限的在办案件（按承办人）
-- Pending cases near their statutory deadline, by officer
--
-- 回答：“今后30天内，哪些承办人有案件将超过法定审限？各几件，最早哪天到期？”
-- Answers: "which officers have cases passing their deadline in the next 30 days, how many,
-- and which is due first?" Days are counted from the run's as-of date (统计日).
-- 只计在办案件：中止、暂缓案件的期限随之顺延，已超期的已是积案（见 census_summary）。
-- Only pending cases count: suspended and deferred cases' deadlines move with them, and
-- cases already overdue are backlog (census_summary). The list of cases is in census_due_soon.
-- 与普查“即将超期”口径一致：届满日不早于统计日（当天届满的尚未超期，计入）且早于统计日加
-- days 天（census_due_soon 的 days_left 为 0 至 days-1），只计普查统计的案件类型
-- （census_meta.case_kinds）。
-- Same cases as the census's due-soon list: due on the as-of date (not yet overdue) up to
-- the day before as_of + days (days_left 0 … days-1 in census_due_soon), of the case kinds
-- the census counts (census_meta.case_kinds).
--
-- @param days = 30  今后多少天内届满 / days ahead of the as-of date
SELECT
    COALESCE(officer, '（无承办人）') AS officer,
    team,
    COUNT(*) AS cases,
    MIN(due_on) AS first_due_on,
    SUM(claim_fen) AS claim_fen,
    ARRAY_TO_STRING(ARRAY_AGG(case_no ORDER BY due_on), '、') AS case_nos
FROM cases_classified
WHERE status_as_of = 'pending'
  AND due_on >= as_of
  AND due_on < as_of + INTERVAL '{days} days'
  AND COALESCE(case_kind, 'unparsed') IN (
      SELECT UNNEST(STRING_TO_ARRAY(case_kinds, ',')) FROM census_meta)
GROUP BY officer, team
ORDER BY cases DESC, first_due_on
