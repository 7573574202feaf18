-- 终本超过N个月、此后有执行到位的案件
-- 终本 cases closed more than N months ago with money recovered since
--
-- 回答：“终本满6个月的案件中，哪些后来又有执行到位（或已恢复执行）？”终本案件应定期
-- 查询财产，有财产的应恢复执行；此表列出值得复查的案件。
-- Answers: "which cases closed by 终本 at least 6 months ago have had money recovered
-- since, or were resumed (执恢)?" 终本 cases must be checked for assets periodically and
-- resumed when assets appear; this lists the ones to review first.
-- “此后”以恢复执行（执恢）案件计：其原案号指向该终本案件；导出数据不记到位日期，所以
-- 终本案件自身的到位金额（可能在终本前）单独列出，二者之一大于零即列入。
-- "Since" is measured by the 执恢 cases that resumed it (their origin is the 终本 case);
-- exports do not date payments, so the 终本 case's own recovered amount (which may predate
-- the closure) is shown apart; a case is listed when either is above zero.
--
-- @param months = 6  终本后至少几个月（按统计日计）/ months between the 终本 closure and the as-of date
WITH resumed AS (
    SELECT
        origin_case_key,
        COUNT(*) AS resumed_cases,
        SUM(COALESCE(recovered_fen, 0)) AS recovered_since_fen,
        ARRAY_TO_STRING(ARRAY_AGG(case_no), '、') AS resumed_case_nos
    FROM cases_classified
    WHERE origin_case_key IS NOT NULL
    GROUP BY origin_case_key
)
SELECT
    c.case_no,
    c.officer,
    c.closed_on,
    c.claim_fen,
    c.recovered_fen AS recovered_before_fen,
    COALESCE(r.resumed_cases, 0) AS resumed_cases,
    COALESCE(r.recovered_since_fen, 0) AS recovered_since_fen,
    r.resumed_case_nos
FROM cases_classified AS c
LEFT JOIN resumed AS r ON r.origin_case_key = c.case_key
WHERE c.closure_method = '终本'
  AND c.closed_on <= c.as_of - INTERVAL '{months} months'
  AND (COALESCE(r.recovered_since_fen, 0) > 0 OR COALESCE(r.resumed_cases, 0) > 0
       OR COALESCE(c.recovered_fen, 0) > 0)
ORDER BY recovered_since_fen DESC, resumed_cases DESC, recovered_before_fen DESC, c.closed_on
