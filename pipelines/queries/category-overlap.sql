-- 七类重点案件的交叉组合
-- Combinations of the seven priority categories
--
-- 回答：“积案中同时属于几类的有多少？哪些类别常一起出现？”一案可属多类：每种组合一行，
-- 件数、标的额；“无”为不属七类的积案。两两交叉矩阵见 census_category_overlap。
-- Answers: "how many backlog cases are in several categories at once, and which categories
-- go together?" One row per combination of categories (1 = overdue ≥ 1 year, 2 =
-- interference, 3 = applicant in hardship, 4 = wages/construction, 5 = suspended to resume,
-- 6 = traffic accident, 7 = repeated petitions), with cases and amounts. The pairwise matrix
-- is census_category_overlap.
WITH flagged AS (
    SELECT
        CONCAT_WS('、',
            CASE WHEN cat_1 THEN '1' END,
            CASE WHEN cat_2 THEN '2' END,
            CASE WHEN cat_3 THEN '3' END,
            CASE WHEN cat_4 THEN '4' END,
            CASE WHEN cat_5 THEN '5' END,
            CASE WHEN cat_6 THEN '6' END,
            CASE WHEN cat_7 THEN '7' END) AS categories,
        CAST(cat_1 AS INT) + CAST(cat_2 AS INT) + CAST(cat_3 AS INT) + CAST(cat_4 AS INT)
            + CAST(cat_5 AS INT) + CAST(cat_6 AS INT) + CAST(cat_7 AS INT) AS n_categories,
        claim_fen,
        recovered_fen
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
    CASE WHEN categories = '' THEN '无' ELSE categories END AS categories,
    n_categories,
    COUNT(*) AS backlog_cases,
    SUM(claim_fen) AS claim_fen,
    -- 未执行到位金额 of each case is never below zero (domain/metrics.md): a case recovered
    -- beyond its claim (interest for late payment) takes nothing off the others.
    SUM(CASE WHEN claim_fen IS NULL THEN NULL
             WHEN claim_fen > COALESCE(recovered_fen, 0) THEN claim_fen - COALESCE(recovered_fen, 0)
             ELSE 0 END) AS outstanding_fen
FROM flagged
GROUP BY categories, n_categories
ORDER BY n_categories DESC, backlog_cases DESC, categories
