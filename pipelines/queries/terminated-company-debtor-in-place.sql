-- 某年的终本案件中，被执行人有某地公司的案件
-- 终本 cases of a year whose debtors include a company of a given place
--
-- 回答：“2023年的终本案件中，有多少件的被执行人是本镇（某地）的公司？”逐案列出。
-- Answers: "how many 终本 cases of 2023 involve a company debtor in this town?", case by case.
--
-- 年份是案号中的收案年度（（2023）浙0603执…）；“终本”是结案方式为终结本次执行程序。
-- 运行结果没有地址列，地点以公司名称中的地名表示（公司登记名称以所在地开头，如
-- “绍兴市柯桥区…有限公司”“…白沙镇…合作社”），所以 place 可以是区县、镇或街道名。
-- 要按法院而不是按地点，改为 court_name LIKE '%{place}%' 或 court_code = '浙0603'。
-- The year is the filing year in the 案号. Runs have no address column, so the place is
-- matched in the company's registered name, which starts with its place (区, 镇, 街道).
--
-- @param year = 2023  收案年度 / filing year in the 案号
-- @param place = 柯桥  公司名称中的地名（区县、镇、街道）/ place name in the company's name
WITH debtors AS (
    SELECT
        cluster_id,
        case_no,
        filed_on,
        closed_on,
        claim_fen,
        recovered_fen,
        officer,
        UNNEST(respondents) AS debtor
    FROM cases_classified
    WHERE closure_method = '终本'
      AND year = {year}
)
SELECT
    case_no AS 案号,
    filed_on AS 立案日期,
    closed_on AS 终本日期,
    ARRAY_TO_STRING(ARRAY_AGG(debtor), '、') AS 公司被执行人,
    claim_fen / 100.0 AS 申请执行标的_元,
    recovered_fen / 100.0 AS 执行到位_元,
    officer AS 承办人
FROM debtors
WHERE (debtor LIKE '%公司%' OR debtor LIKE '%厂%' OR debtor LIKE '%合作社%'
       OR debtor LIKE '%企业%' OR debtor LIKE '%商行%' OR debtor LIKE '%中心%')
  AND debtor LIKE '%{place}%'
GROUP BY cluster_id, case_no, filed_on, closed_on, claim_fen, recovered_fen, officer
ORDER BY 立案日期, 案号
