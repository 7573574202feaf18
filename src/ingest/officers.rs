//! The officer in charge (承办人) as clerks write the cell: a bare name, a name with a title
//! or a note, several people with the one in charge marked, or a name with the team beside it.

use super::*;

/// The officer a sheet of a ledger with a sheet per officer is named for (王五), and whether
/// its title says so, given the texts of the cells above the header. The name must be a
/// person's (2 to 4 Chinese characters), and no department (执行一庭), court, period (三月,
/// 一季度), state (未结, 已结案件) or name of `not_officer_sheet_names` (明细, 汇总); then
/// either a title names it as the officer (王五承办未结案件清单, 承办人：王五, 王五名下, or
/// the name with 台账, 案件, 清单 or 明细 after it: 执行一组王五2025年执行案件台账) or it begins
/// with a surname of `officer_sheet_surnames`. A two-character sheet name (明细, 数据) looks
/// like a person's too, hence the words that say it is one.
pub(super) fn officer_of_sheet<'n>(
    rules: &Rules,
    name: &'n str,
    title_cells: impl IntoIterator<Item = String>,
) -> Option<(&'n str, bool)> {
    let name = name.trim();
    let n = name.chars().count();
    if !(2..=4).contains(&n) || !name.chars().all(fields::is_han) {
        return None;
    }
    // 三月, 十二月, 一季度, 上半年: a sheet per period.
    let period = {
        let rest =
            name.trim_start_matches(|c: char| "一二三四五六七八九十上下全本今去第".contains(c));
        rest.len() < name.len()
            && ["月", "月份", "季度", "季", "年", "半年", "年度", "周"].contains(&rest)
    };
    let not_a_person = period
        || name.contains("法院")
        || name.ends_with('院')
        || department_of_sheet(name, &rules.department_endings).is_some()
        || rules
            .heading_endings
            .iter()
            .any(|e| name.ends_with(e.as_str()))
        || rules.not_officer_sheet_names.iter().any(|w| w == name)
        || rules.status(name).is_some()
        || rules.closure(name).is_some()
        || state_of_sheet(rules, name).is_some();
    if not_a_person {
        return None;
    }
    let marks = [
        format!("{name}承办"),
        format!("承办人：{name}"),
        format!("承办人:{name}"),
        format!("承办人{name}"),
        format!("{name}名下"),
    ];
    let titled = title_cells.into_iter().any(|t| {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        marks.iter().any(|m| t.contains(m.as_str()))
            || t.match_indices(name).any(|(at, _)| {
                let after = &t[at + name.len()..];
                ["台账", "台帐", "案件", "清单", "明细"]
                    .iter()
                    .any(|w| after.contains(w))
            })
    });
    if titled {
        return Some((name, true));
    }
    let surnamed = rules
        .officer_sheet_surnames
        .iter()
        .any(|s| name.starts_with(s.as_str()) && name.len() > s.len());
    surnamed.then_some((name, false))
}

/// Two or more people's names in one officer or leader cell (`王五、李四`, `王五 李四`,
/// `王五/李四`): the first and the others, when every part looks like a person's name.
/// Space-padded single names (`王  五`: parts of one character) are not several.
pub(super) fn several_people(text: &str) -> Option<(&str, Vec<&str>)> {
    let mut parts = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '／')
        })
        .filter(|p| !p.is_empty());
    let first = parts.next()?;
    let others: Vec<&str> = parts.collect();
    (!others.is_empty()
        && fields::looks_like_person(first)
        && others.iter().all(|p| fields::looks_like_person(p)))
    .then_some((first, others))
}

/// An officer's cell without what ledgers write around the names: a note in brackets after
/// a name (王五（主办）, 王五（已调离）: `officer_notes` of rows.toml), a title before or after
/// it (审判员：王五, 执行员王五, 王五法官: `officer_titles`), a telephone number (王五
/// 13800138000; a title in brackets too: 王五（审判员）). Each would make the same officer
/// another one in every table per officer.
/// `None` when nothing is taken off. A title is taken off only when a person's name is left.
pub(super) fn bare_officer(text: &str, titles: &[String], notes: &[String]) -> Option<String> {
    // Cheap test first: most cells are a plain name.
    let marked = text.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '(' | '（' | ':' | '：' | '、' | ',' | '，' | '/' | ';' | '；')
    })
        // A name and a title: more than three characters (nine bytes of 汉字).
        || (text.len() > 9
            && titles
                .iter()
                .any(|t| text.starts_with(t.as_str()) || text.ends_with(t.as_str())));
    if !marked {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    // Notes in brackets.
    while let Some(open) = rest.find(['(', '（']) {
        let after = &rest[open..];
        let width = after.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after.find([')', '）']) else {
            break;
        };
        let inside = after[width..close].trim();
        out.push_str(&rest[..open]);
        // (A note or title and a name: 王五（助理：赵六）, 王五（书记员赵六）.)
        let names_a_helper = |n: &String| {
            inside.strip_prefix(n.as_str()).is_some_and(|rest| {
                fields::looks_like_person(rest.trim_start_matches([':', '：', ' ']))
            })
        };
        if notes
            .iter()
            .chain(titles)
            .any(|n| n == inside || names_a_helper(n))
        {
            changed = true;
        } else {
            out.push_str(&after[..close]);
            out.push(after[close..].chars().next().unwrap_or(')'));
        }
        let close_width = after[close..].chars().next().map_or(1, char::len_utf8);
        rest = &after[close + close_width..];
    }
    out.push_str(rest);
    // Telephone numbers: a run of 7 or more digits (and hyphens).
    let mut kept = String::with_capacity(out.len());
    let mut run = String::new();
    for c in out.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() || (c == '-' && !run.is_empty()) {
            run.push(c);
            continue;
        }
        if run.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            changed = true;
        } else {
            kept.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            kept.push(c);
        }
    }
    // Titles, name by name.
    let mut names: Vec<String> = Vec::new();
    for piece in kept
        .split(|c: char| "、，,;；/／".contains(c))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let mut name = piece;
        // 王五 法官助理：赵六: the officer, and a helper named after a title and a colon.
        let helper = titles.iter().find_map(|t| {
            let at = name.find(t.as_str()).filter(|&at| at > 0)?;
            let after = &name[at + t.len()..];
            let named = after.strip_prefix([':', '：'])?.trim_start();
            fields::looks_like_person(named).then(|| name[..at].trim())
        });
        if let Some(before) = helper.filter(|b| fields::looks_like_person(b)) {
            names.push(before.to_string());
            changed = true;
            continue;
        }
        // The longest title that fits decides (titles are longest first): 李副庭长 is 李
        // and a title, never 李副 and 庭长; a name too short to be one is kept whole.
        for title in titles {
            let before = name
                .strip_prefix(title.as_str())
                .map(|r| r.trim_start_matches([':', '：', ' ']));
            let after = name.strip_suffix(title.as_str()).map(str::trim_end);
            let Some(n) = before.or(after) else { continue };
            if fields::looks_like_person(n) {
                name = n;
                changed = true;
            }
            break;
        }
        names.push(name.to_string());
    }
    (changed && !names.is_empty()).then(|| names.join("、"))
}

/// A person's name typed with spaces between its characters (`王  五`, `王　五`): clerks pad
/// two-character names to line up with three-character ones, and read as written, 王 五 and
/// 王五 would be two officers. `None` for any other text (a name with no space, Latin
/// names, several names).
pub(super) fn unspaced_person_name(text: &str) -> Option<String> {
    if !text.contains(' ') {
        return None;
    }
    let text = text.trim();
    let name = unspaced(text, |c| fields::is_han(c) || fields::is_middle_dot(c))
        .unwrap_or_else(|| text.to_string());
    fields::looks_like_person(&name).then_some(name)
}

/// A team's name (承办部门) typed with spaces between its Chinese characters (`执行 一庭`,
/// and `执行　一庭`, `执行\u{A0}一庭` once [`fields::clean`] has made their spaces ASCII): a
/// clerk's typing or a copy from a web page, and read as written, 执行 一庭 and 执行一庭
/// would be two teams, each with part of its officers' cases. As in a person's name, such
/// a space is never meaningful; beside a Latin letter or a digit it may be (`Team A`), and
/// is kept. `None` when there is no space to take out.
pub(super) fn unspaced_team(text: &str) -> Option<String> {
    unspaced(text, fields::is_han)
}

/// `text` without the runs of spaces that stand between two characters `joins` accepts;
/// `None` when it has none.
fn unspaced(text: &str, joins: impl Fn(char) -> bool) -> Option<String> {
    if !text.contains(' ') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..at]);
        let run = &rest[at..];
        let after = run.trim_start_matches(' ');
        let between =
            out.chars().next_back().is_some_and(&joins) && after.chars().next().is_some_and(&joins);
        if between {
            changed = true;
        } else {
            out.push_str(&run[..run.len() - after.len()]);
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// An officer's name and department from a cell that gives both (`王五（执行一庭）`,
/// `王五(速执团队)`): ledgers add the department so that two 王五 can be told apart, and read
/// whole, one officer would count as several (王五 and 王五（执行一庭）) in every table per
/// officer. `None` unless the name before the brackets is a person's and the note inside
/// them a department's (`department_endings` of rows.toml): `王五（专案）` is left as written.
/// The one officer a cell of several names says is in charge: the last of a reassignment
/// (`原王五，现赵六`, `王五→赵六`), or the only one marked 主办 or 承办, or the only one not
/// marked 协办 (`赵六（协办）、王五`). `None` when the cell says no such thing.
pub(super) fn officer_in_charge(text: &str) -> Option<String> {
    // Cheap test first: a plain name has none of these.
    if !text.contains(['→', '>', '现', '办', '、', '，', ',', ';', '；']) {
        return None;
    }
    // 王五（已离职，现由赵六承办）
    if let Some((_, after)) = text.split_once("现由") {
        let now = after
            .split(['承', '负', '办', ')', '）', ',', '，'])
            .next()
            .unwrap_or("")
            .trim();
        if fields::looks_like_person(now) {
            return Some(now.to_string());
        }
    }
    for arrow in ["→", "->", "—>", "－>"] {
        if let Some((_, last)) = text.rsplit_once(arrow) {
            let last = last.trim();
            return (!last.is_empty()).then(|| last.to_string());
        }
    }
    let parts: Vec<&str> = text
        .split(['、', '，', ',', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let [first, second] = parts[..] {
        if first.starts_with('原') && second.starts_with('现') {
            let now = second
                .trim_start_matches('现')
                .trim_start_matches([':', '：'])
                .trim();
            return (!now.is_empty()).then(|| now.to_string());
        }
    }
    if parts.len() < 2 {
        return None;
    }
    let noted = |p: &str, words: &[&str]| {
        p.find(['(', '（'])
            .is_some_and(|open| words.iter().any(|w| p[open..].contains(w)))
    };
    let in_charge: Vec<&&str> = parts
        .iter()
        .filter(|p| noted(p, &["主办", "承办"]))
        .collect();
    if let [one] = in_charge[..] {
        return Some(one.to_string());
    }
    let helpers = ["协办", "助理", "书记员", "辅助"];
    let others: Vec<&&str> = parts.iter().filter(|p| !noted(p, &helpers)).collect();
    match others[..] {
        [one] if others.len() < parts.len() => Some(one.to_string()),
        _ => None,
    }
}

pub(super) fn officer_and_team<'t>(
    text: &'t str,
    endings: &[String],
) -> Option<(&'t str, &'t str)> {
    // The department and the name side by side (执行一庭 王五, 王五 执行一庭).
    let mut parts = text.split_whitespace();
    if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) {
        let department = |t: &str| {
            t.chars().count() >= 3
                && t.chars().all(fields::is_han)
                && endings.iter().any(|e| t.ends_with(e.as_str()) && t != e)
        };
        match (department(a), department(b)) {
            (true, false) if fields::looks_like_person(b) => return Some((b, a)),
            (false, true) if fields::looks_like_person(a) => return Some((a, b)),
            _ => {}
        }
    }
    // 执行一庭王五: a department's name (three characters or more), then a person's (two
    // or three): the name is the last two or three characters.
    let chars = text.chars().count();
    if chars >= 5 && text.chars().all(fields::is_han) {
        for name_chars in [2, 3] {
            if chars < 3 + name_chars {
                continue;
            }
            // By characters: most are three bytes, but 𠮷 and the other rare ones are four.
            let Some((cut, _)) = text.char_indices().nth(chars - name_chars) else {
                continue;
            };
            let (team, name) = text.split_at(cut);
            if endings.iter().any(|e| team.ends_with(e.as_str())) && fields::looks_like_person(name)
            {
                return Some((name, team));
            }
        }
    }
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (name, team) = (inner[..open].trim(), inner[open + 1..].trim());
    // 王五（执行一庭副庭长）: the department, then a title of four characters at most.
    let team = if endings.iter().any(|e| team.ends_with(e.as_str())) {
        team
    } else {
        endings
            .iter()
            .filter_map(|e| team.find(e.as_str()).map(|at| &team[..at + e.len()]))
            .filter(|t| team[t.len()..].chars().count() <= 4 && t.chars().count() >= 3)
            .max_by_key(|t| t.len())?
    };
    (fields::looks_like_person(name) && team.chars().count() >= 2).then_some((name, team))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name with a character outside the Basic Multilingual Plane (𠮷, four bytes in
    /// UTF-8) after its department: split by characters, not by three bytes a character.
    #[test]
    fn a_department_and_a_name_of_a_rare_character_split_by_characters() {
        let endings = vec!["庭".to_string(), "组".to_string()];
        assert_eq!(
            officer_and_team("执行一庭王𠮷", &endings),
            Some(("王𠮷", "执行一庭"))
        );
        assert_eq!(
            officer_and_team("执行一庭王五", &endings),
            Some(("王五", "执行一庭"))
        );
    }

    /// m-team-name-inner-space-splits-team: spaces between a team's Chinese characters are
    /// no part of its name; beside a Latin letter or a digit they are kept. A padded
    /// person's name loses its spaces as before.
    #[test]
    fn spaces_between_chinese_characters_are_taken_out_of_a_team() {
        let team = |t: &str| unspaced_team(t);
        assert_eq!(team("执行 一庭").as_deref(), Some("执行一庭"));
        assert_eq!(team("执行   一 庭").as_deref(), Some("执行一庭"));
        assert_eq!(team("执行一庭"), None);
        assert_eq!(team("Team A"), None);
        assert_eq!(team("执行 2 组"), None);
        assert_eq!(team("速执 Team A").as_deref(), None);
        assert_eq!(team("执行 一庭 Team A").as_deref(), Some("执行一庭 Team A"));
        assert_eq!(unspaced_person_name("王  五").as_deref(), Some("王五"));
        assert_eq!(
            unspaced_person_name("阿卜杜 · 热合曼").as_deref(),
            Some("阿卜杜·热合曼")
        );
        assert_eq!(unspaced_person_name("John Smith"), None);
        assert_eq!(unspaced_person_name("王五 李四 赵六"), None);
    }

    /// Red-team round 36 (k-officer-sheet-name-ignored): a sheet per officer is its
    /// officer's when its title names the officer with the ledger after the name (执行一组
    /// 王磊2025年执行案件台账), or when its name is a person's by its surname; never a sheet
    /// named for a department, a court, a period, a state or the data.
    #[test]
    fn a_sheet_named_for_its_officer_gives_the_officer() {
        let r = Rules::load(None).unwrap();
        let titles = |t: &[&str]| t.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let of = |name: &'static str, t: &[&str]| officer_of_sheet(&r, name, titles(t));
        assert_eq!(
            of("王磊", &["执行一组王磊2025年执行案件台账"]),
            Some(("王磊", true))
        );
        assert_eq!(of("陈静", &["陈静承办案件台账"]), Some(("陈静", true)));
        assert_eq!(of("王五", &["承办人：王 五"]), Some(("王五", true)));
        // A name of an uncommon surname, named by its title.
        assert_eq!(of("阙晓", &["阙晓执行案件清单"]), Some(("阙晓", true)));
        assert_eq!(of("阙晓", &["执行案件清单"]), None);
        // No title: by the surname.
        assert_eq!(of("张伟", &[]), Some(("张伟", false)));
        assert_eq!(
            of("欧阳娜娜", &["2025年执行案件"]),
            Some(("欧阳娜娜", false))
        );
        for no in [
            "执行一庭",
            "执行二组",
            "速执团队",
            "柯桥法庭",
            "柯桥法院",
            "中院",
            "1月",
            "三月",
            "十二月",
            "一季度",
            "上半年",
            "2025年3月",
            "未结",
            "已结",
            "已结案件",
            "终本",
            "旧存",
            "新收",
            "Sheet1",
            "数据",
            "明细",
            "汇总",
            "首执案件",
            "周报",
            "王",
            "王五赵六李四",
        ] {
            assert_eq!(of(no, &[&format!("{no}执行案件台账")]), None, "{no}");
            assert_eq!(of(no, &[]), None, "{no}");
        }
    }
}
