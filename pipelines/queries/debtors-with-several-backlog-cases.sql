-- 有多件积案的被执行人
-- Debtors with several backlog cases
--
-- 回答：“哪些被执行人同时有两件以上积案？涉及多少标的、哪些承办人？”便于集中执行、
-- 一并协调。同名不同人的可能：证件号码在 census_debtors 和 cases_classified.respondent_ids。
-- Answers: "which debtors have two or more backlog (积案) cases, for how much, with which
-- officers?" so that their cases can be enforced together. Names are compared as written;
-- two people of the same name are one row here (compare respondent_ids).
-- 内部使用：自然人姓名未遮蔽；对外公布用 census_debtors（已遮蔽）。
-- Internal use: names are not masked; the published, masked list is census_debtors.
--
-- @param min_cases = 2  至少几件积案 / at least this many backlog cases
WITH debtor_cases AS (
    SELECT
        UNNEST(respondents) AS debtor,
        cluster_id,
        -- a case without a readable 案号 is named as the export wrote it, or by its
        -- cluster_id when the export wrote none
        COALESCE(case_no, case_no_raw, cluster_id) AS case_no,
        officer,
        claim_fen,
        recovered_fen,
        overdue_days
    FROM cases_classified
    WHERE in_backlog
      -- 积案汇总的案件类型（census_meta.case_kinds，即 census.toml 的 case_kinds）；
      -- 执异等审查案件不计，案号无法解析的案件（unparsed）照计。
      -- The census's case kinds (census_meta.case_kinds, from census.toml): no 执异 review
      -- cases; a case whose 案号 did not parse (no case_kind) counts as `unparsed`.
      AND COALESCE(case_kind, 'unparsed') IN (
          SELECT UNNEST(STRING_TO_ARRAY(case_kinds, ',')) FROM census_meta)
)
SELECT
    debtor,
    COUNT(DISTINCT cluster_id) AS backlog_cases,
    SUM(claim_fen) AS claim_fen,
    -- 未执行到位金额 of each case is never below zero (domain/metrics.md): a case recovered
    -- beyond its claim (interest for late payment) takes nothing off the others.
    SUM(CASE WHEN claim_fen IS NULL THEN NULL
             WHEN claim_fen > COALESCE(recovered_fen, 0) THEN claim_fen - COALESCE(recovered_fen, 0)
             ELSE 0 END) AS outstanding_fen,
    MAX(overdue_days) AS max_overdue_days,
    ARRAY_TO_STRING(ARRAY_AGG(DISTINCT officer), '、') AS officers,
    ARRAY_TO_STRING(ARRAY_AGG(case_no), '、') AS case_nos
FROM debtor_cases
GROUP BY debtor
HAVING COUNT(DISTINCT cluster_id) >= {min_cases}
ORDER BY backlog_cases DESC, outstanding_fen DESC, debtor
