//! Parties (当事人): the applicants and respondents of a row, split from their cells, their
//! identity numbers paired with their names, notes cut from the names, and the respondent's
//! kind (natural person, company, government body) read from the names.

use super::*;

/// The party names of a cell's text, borrowed from the cell when they can be.
pub(super) fn parties_of<'c>(
    text: Cow<'c, str>,
    spaces: Option<&fields::SpaceSplit>,
) -> Vec<Cow<'c, str>> {
    match text {
        Cow::Borrowed(t) => fields::split_parties_listed(t, spaces),
        Cow::Owned(t) => fields::split_parties_listed(&t, spaces)
            .into_iter()
            .map(|n| Cow::Owned(n.into_owned()))
            .collect(),
    }
}

/// The party names in a cell, borrowed from it when they can be, a name written twice kept
/// twice (positions matter: see [`fields::drop_repeated_parties`]); `None` when it names
/// nobody. Text is split before it is cleaned: cleaning makes a line break a space, and one
/// name per line is how clerks list several parties in one cell. `spaces`: when names
/// separated only by spaces are several names (parties.toml).
pub(super) fn parties_in<'c>(
    cell: &'c Cell,
    spaces: Option<&fields::SpaceSplit>,
) -> Option<Vec<Cow<'c, str>>> {
    let names = match cell {
        // Escaped by a web system (A&amp;B公司): unescaped before the `;` can split it.
        // Each name in its own ="…" (="李四"、="王二"): unwrapped one by one, or the
        // marks would stay in the names.
        Cell::Text(t) => match fields::html_unescaped(t)
            .map(|plain| fields::unwrap_marked_parts(&plain).unwrap_or(plain))
            .or_else(|| fields::unwrap_marked_parts(t))
        {
            Some(plain) => {
                fields::split_parties_listed(fields::strip_text_marks(plain.trim()), spaces)
                    .into_iter()
                    .map(|n| Cow::Owned(n.into_owned()))
                    .collect()
            }
            None => fields::split_parties_listed(fields::strip_text_marks(t.trim()), spaces),
        },
        other => parties_of(text_of(other)?, spaces),
    };
    (!names.is_empty()).then_some(names)
}

/// The identity numbers of a cell of them, one place per name: an empty place between two
/// separators or a placeholder (`3306…、、3306…`, `3306…、不详、3306…`, `、3306…`) is kept
/// empty, so that each later number stays beside its name; numbers separated by spaces
/// only are as many numbers. Lines are separators too, but a blank line is no place.
pub(super) fn ids_in(cell: &Cell) -> Option<Vec<Cow<'_, str>>> {
    let Cell::Text(t) = cell else {
        return parties_in(cell, None);
    };
    // Each number in its own ="…" (="3306…"、="3306…"), as a script joins cells an export
    // wrote so: unwrapped one by one, or `3306…"` and `="3306…` would be the numbers.
    if let Some(plain) = fields::unwrap_marked_parts(t) {
        return ids_of(&plain).map(|ids| {
            ids.into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect()
        });
    }
    ids_of(t)
}

/// [`ids_in`] of a cell's text.
fn ids_of(t: &str) -> Option<Vec<Cow<'_, str>>> {
    let t = fields::strip_text_marks(t.trim());
    // A placeholder with a separator in it (`N/A`) is no number, not the numbers `N` and `A`.
    if t.len() <= 64 && fields::is_placeholder(&fields::clean(t)) {
        return None;
    }
    // 一、3306… 二、3306…, numbered as the names beside them: the numbers without the
    // list's numbers, each in its item's place.
    if let Some(plain) = fields::unnumbered_ids(t) {
        return ids_of(&plain).map(|ids| {
            ids.into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect()
        });
    }
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    for line in t.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        for piece in line.split(ID_SEPARATORS).map(str::trim) {
            // Cheap first test (most pieces): a number with nothing to clean.
            if plain_id(piece) {
                out.push(Cow::Borrowed(piece));
                continue;
            }
            // Cleaned as names and 案号 are ([`fields::clean`]): a zero-width space or a
            // byte-order mark pasted with the number (\u{200b}3306…) is no part of it, and
            // left in, the number is not checked and one debtor becomes two.
            match fields::clean(piece) {
                Cow::Borrowed(p) => id_piece(p, &mut out),
                Cow::Owned(p) => {
                    let mut ids = Vec::new();
                    id_piece(&p, &mut ids);
                    out.extend(ids.into_iter().map(|id| Cow::Owned(id.into_owned())));
                }
            }
        }
    }
    while out.last().is_some_and(|s| s.is_empty()) {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

/// The numbers of one piece of a cell of identity numbers (between two separators),
/// cleaned: several when separated by spaces, an empty place for a placeholder.
fn id_piece<'a>(piece: &'a str, out: &mut Vec<Cow<'a, str>>) {
    if piece.contains(char::is_whitespace) && piece.split_whitespace().all(fields::id_like) {
        out.extend(piece.split_whitespace().map(Cow::Borrowed));
    } else if fields::is_placeholder(piece) {
        out.push(Cow::Borrowed(""));
    } else if plain_id(piece) || fields::id_like(piece) {
        out.push(Cow::Borrowed(piece));
    } else {
        tidy_ids(piece, out);
    }
}

/// An identity number as exports wrap it (`No.3306…`, `3306…号`, `330603-19800101-1233`),
/// or two run together (36 digits for two names): the numbers themselves when what is left
/// is one (or two); else the piece as written, for the caller's check. (A holder named in
/// brackets after a number, `3306…（王二）`, is read where the numbers are paired with the
/// names.)
fn tidy_ids<'a>(piece: &'a str, out: &mut Vec<Cow<'a, str>>) {
    let mut t = piece.trim();
    for prefix in ["No.", "NO.", "no.", "No:", "NO:", "No", "NO"] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r.trim_start_matches([':', '：', ' ']);
            break;
        }
    }
    t = t.strip_suffix(['号', '號']).unwrap_or(t).trim_end();
    if fields::id_like(t) {
        out.push(Cow::Borrowed(t));
        return;
    }
    let joined: String = t.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if joined.len() < t.len() && fields::id_like(&joined) {
        out.push(Cow::Owned(joined));
        return;
    }
    if t.len() == 36 && t.is_char_boundary(18) {
        let (a, b) = t.split_at(18);
        if fields::id_like(a) && fields::id_like(b) {
            out.push(Cow::Borrowed(a));
            out.push(Cow::Borrowed(b));
            return;
        }
    }
    out.push(Cow::Borrowed(piece));
}

/// Cheap first test (most cells): 15 or 18 letters and digits, as identity numbers and
/// credit codes are written; nothing to unwrap.
fn plain_id(piece: &str) -> bool {
    matches!(piece.len(), 15 | 18) && piece.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A number no identity document has: all digits, and of a length no identity number
/// (15 or 18), credit code (18) or other certificate number has (16, 17, 19 or more).
pub(super) fn impossible_id(id: &str) -> bool {
    id.bytes().all(|b| b.is_ascii_digit()) && matches!(id.len(), 16 | 17 | 19..)
}

/// The number of parties a party cell says it lists (`张三、李四等35人`: 35;
/// `某某有限公司等2家`: 2), by the units [`fields::etc_count`] reads.
pub(super) fn counted_parties(text: &str) -> Option<usize> {
    // Cheap test first: almost every cell ends with a name.
    if !text.contains('等') {
        return None;
    }
    fields::etc_count(text).map(|(_, n)| n)
}

/// The reason for a cell that counts more parties than it names (张三、李四等35人).
pub(super) fn uncounted_parties(counted: usize, named: usize) -> String {
    format!(
        "the cell counts {counted} parties and names {named}: the others are not named, so \
         they are not read"
    )
}

/// What separates the numbers of a cell of identity numbers.
pub(super) const ID_SEPARATORS: [char; 7] = ['、', ',', '，', ';', '；', '\n', '/'];

/// Whether a party cell starts with a role label and a colon (被执行人：李四), not a name
/// that starts like one (第三人民医院).
/// A label numbered as a 裁定书 heading numbers them (第一被执行人, 被执行人1：) is one too;
/// after an ordinal (第一) no colon is needed, as no name starts so.
pub(super) fn starts_with_role_label(text: &str, labels: &fields::Markers) -> bool {
    let t = text.trim_start();
    let ordinal = ordinal_len(t);
    if ordinal > 0 && labels.at_start(&t[ordinal..]).is_some() {
        return true;
    }
    labels.at_start(t).is_some_and(|l| {
        let after = &t[l.len()..];
        after[label_number_len(after)..]
            .trim_start()
            .starts_with([':', '：'])
    })
}

/// Whether a role label found in a cell is the start of a name instead: 第三人 with 民
/// straight after it is the 第三人民 of a hospital's name (第三人民医院, 第三人民医院有限公司),
/// as 第一人民医院 is, so the label and the name after it are one name. Only a label that is
/// itself an ordinal and 人 (第三人) starts a name so: after 被执行人, 申请人 … a 民 is the
/// name's (被执行人民生银行…: no name starts 被执行人民). A number or a colon between them
/// (第三人1：…) keeps the label.
fn label_inside_word(label: &str, after: &str, number_len: usize) -> bool {
    let ordinal = ordinal_len(label);
    number_len == 0 && ordinal > 0 && &label[ordinal..] == "人" && after.starts_with('民')
}

/// Whether `c` is a digit or a Chinese numeral, as role labels are numbered.
fn is_numeral(c: char) -> bool {
    fields::half_width(c).is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

/// The length in bytes of an ordinal before a role label (`第一`, `第2` of 第一被执行人), 0
/// when there is none.
fn ordinal_len(s: &str) -> usize {
    let Some(r) = s.strip_prefix('第') else {
        return 0;
    };
    let n: usize = r
        .chars()
        .take_while(|&c| is_numeral(c))
        .map(char::len_utf8)
        .sum();
    if n == 0 {
        0
    } else {
        '第'.len_utf8() + n
    }
}

/// The length in bytes of the number after a role label (`1` of 被执行人1：, `一` of
/// 被执行人一：, `(2)` of 被执行人(2)：), 0 when there is none. A number only before a colon,
/// a space or the end: a name may start with one (被执行人一心公司, 被执行人3M中国有限公司,
/// 申请执行人58同城信息技术有限公司 are no labels with a number).
fn label_number_len(s: &str) -> usize {
    let body = |r: &str| -> usize {
        r.chars()
            .take_while(|&c| is_numeral(c))
            .map(char::len_utf8)
            .sum()
    };
    if let Some(r) = s.strip_prefix(['(', '（']) {
        let n = body(r);
        let open = s.len() - r.len();
        return match r[n..].chars().next() {
            Some(close @ (')' | '）')) if n > 0 => open + n + close.len_utf8(),
            _ => 0,
        };
    }
    let n = body(s);
    let ends = s[n..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ':' | '：'));
    if n > 0 && ends {
        n
    } else {
        0
    }
}

/// The names of a cell that names parties after their roles: a 当事人 cell naming both
/// sides (`申请执行人：张三；被执行人：李四、王五`, one a line or after a space), or one
/// side's cell with another role in it (`李四，第三人：王二`). Names before the first label
/// are `before`'s, and with `before` `None` the cell is not read (`None`): whose side they
/// are is not guessed. With `colon`, a label counts only with a colon after it, so that a
/// name that starts like one (第三人民医院) stays a name.
/// `labels`: the rules' labels, longest first (被申请执行人 before 申请执行人).
pub(super) fn parties_by_role(
    text: &str,
    labels: &[(String, Role)],
    spaces: &fields::SpaceSplit,
    before: Option<Role>,
    colon: bool,
) -> Option<ByRole> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    let is_sep = |c: char| {
        c.is_whitespace() || matches!(c, '；' | ';' | '，' | ',' | '、' | '。' | '|' | '/')
    };
    // (role, where its label starts, where its names start)
    let mut found: Vec<(Role, usize, usize)> = Vec::new();
    let mut after_sep = true;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if after_sep {
            // 第一被执行人：, 被执行人1：, 被执行人(一)：: the label with its number, all of
            // it, or the debtors would be read on the other side or with 1: in their names.
            // After an ordinal no colon is needed (no name starts 第一被执行人).
            let ordinal = ordinal_len(rest);
            let tries: &[usize] = if ordinal > 0 { &[ordinal, 0] } else { &[0] };
            let label = tries.iter().find_map(|&pre| {
                labels.iter().find_map(|(l, role)| {
                    let after = rest[pre..].strip_prefix(l.as_str())?;
                    let number = label_number_len(after);
                    // 第三人民医院: a name, not the label 第三人 before 民医院.
                    if pre == 0 && label_inside_word(l, after, number) {
                        return None;
                    }
                    let len = rest.len() - after.len() + number;
                    (!colon || pre > 0 || rest[len..].trim_start().starts_with([':', '：']))
                        .then_some((*role, len))
                })
            });
            if let Some((role, len)) = label {
                found.push((role, i, i + len));
                i += len;
                after_sep = true;
                continue;
            }
        }
        let c = rest.chars().next()?;
        after_sep = is_sep(c) || matches!(c, ':' | '：');
        i += c.len_utf8();
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| is_sep(c) || matches!(c, ':' | '：'))
            .to_string()
    };
    let first = found.first()?.1;
    if !trim(&text[..first]).is_empty() {
        found.insert(0, (before?, 0, 0));
    }
    let mut out = ByRole::default();
    for (k, &(role, _, start)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(text.len(), |next| next.1);
        let slot = match role {
            Role::Applicant => 0,
            Role::Respondent => 1,
            Role::Other => {
                let said = trim(&text[found[k].1..end]);
                if !said.is_empty() {
                    out.others.push(said);
                }
                continue;
            }
        };
        let names = trim(&text[start..end]);
        let listed = fields::split_parties_listed(&names, Some(spaces));
        let n = listed.len() + out.sides[slot].len();
        out.counted[slot] = counted_parties(&names).filter(|&c| c > n);
        out.sides[slot].extend(listed.into_iter().map(Cow::into_owned));
    }
    Some(out)
}

/// The names of a 当事人 cell that writes each party's role after the name, in brackets
/// (`张三（申请执行人）、李四（被执行人）`, as some case systems export it): `None` unless
/// every name of the cell has such a role, so that a cell of names without roles is still
/// not guessed. A role numbered (`被执行人1`) counts; a third party (`王二（第三人）`) is
/// kept among `others` as written.
pub(super) fn parties_by_trailing_role(text: &str, labels: &[(String, Role)]) -> Option<ByRole> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    // Items at bracket depth 0: a name's own bracket (李四（曾用名李小四）) is no separator.
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0
                && (c == '\n' || matches!(c, '；' | ';' | '，' | ',' | '、' | '|' | '/')) =>
            {
                items.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    let mut out = ByRole::default();
    let mut any = false;
    for item in items.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
        let inner = item.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let (name, said) = (inner[..open].trim(), inner[open + 1..].trim());
        // 张三（申请执行人） 李四（被执行人）: items not parted by a separator would make one
        // name of two parties; the cell is left unread instead.
        if name.is_empty() || labels.iter().any(|(l, _)| name.contains(&format!("({l}"))) {
            return None;
        }
        let (_, role) = labels.iter().find(|(l, _)| {
            said.strip_prefix(l.as_str())
                .is_some_and(|n| n.len() == label_number_len(n))
        })?;
        match role {
            Role::Applicant => out.sides[0].push(name.to_string()),
            Role::Respondent => out.sides[1].push(name.to_string()),
            Role::Other => out.others.push(item.to_string()),
        }
        any = true;
    }
    any.then_some(out)
}

/// The party columns of the case table, by slot: names of each role, then their
/// identity numbers.
pub(super) fn party_slot(field: &str) -> Option<usize> {
    match field {
        "applicants" => Some(0),
        "respondents" => Some(RESPONDENTS),
        "applicant_ids" => Some(2),
        "respondent_ids" => Some(3),
        _ => None,
    }
}

pub(super) const RESPONDENTS: usize = 1;

/// Whether a party field holds identity numbers (证件号码), not names.
pub(super) fn is_id_field(field: &str) -> bool {
    party_slot(field).is_some_and(|slot| slot >= 2)
}

/// Each role's slot of names and slot of identity numbers ([`party_slot`]).
pub(super) const PARTY_ROLES: [(usize, usize); 2] = [(0, 2), (RESPONDENTS, 3)];

/// The take of one role (申请执行人 or 被执行人) in `values`: the names and identity
/// numbers of the case row, then those of its party rows (`more`), each number at its
/// name's position, then the repeats dropped ([`fields::drop_repeated_parties`]). A party
/// row with a number, below names that had none, has those positions filled with empty
/// numbers first, so that its number lands beside its own name. Returns the names.
/// `names_at` and `ids_at`: the column and the place in `values` of each list.
#[allow(clippy::too_many_arguments)]
pub(super) fn party_role<'r, 'v>(
    values: &'v mut [Value<'r>],
    names_at: (Option<usize>, usize),
    ids_at: Option<(Option<usize>, usize)>,
    more: &[PartyRow],
    note_words: &fields::NoteWords,
    noted: &mut Vec<Cow<'r, str>>,
    pairing: &mut Pairing,
    rounded: &mut Vec<Cow<'r, str>>,
) -> Option<&'v [Cow<'r, str>]> {
    let take = |v: &mut Value<'r>| match std::mem::replace(v, Value::Null) {
        Value::List(l) => l,
        _ => Vec::new(),
    };
    let mut names = take(&mut values[names_at.1]);
    let mut ids = ids_at.map_or_else(Vec::new, |(_, i)| take(&mut values[i]));
    let ids_col = ids_at.and_then(|(c, _)| c);
    for row in more {
        let of = |col: Option<usize>| {
            row.iter()
                .filter(move |(c, _)| Some(*c) == col)
                .flat_map(|(_, l)| l.iter().map(|n| Cow::Owned(n.clone())))
        };
        let mut row_ids = of(ids_col).peekable();
        let mut row_names = of(names_at.0).peekable();
        // A row of numbers alone continues the numbers of the names above (张三、李四 over
        // two rows of numbers); a row with its own name puts its number beside that name.
        if row_ids.peek().is_some() && row_names.peek().is_some() && ids.len() < names.len() {
            ids.resize(names.len(), Cow::Borrowed(""));
        }
        ids.extend(row_ids);
        names.extend(row_names);
    }
    // 李四，3.30102199001011E+17: a party's number that Excel rounded (the CSV was saved
    // from a sheet that held it as a number), listed as a name of its own. It names no
    // party, and its digits are lost: taken out of the names (a debtor called by a number
    // would be counted as a second debtor), kept in `party_notes` and rejected by the caller.
    if names.iter().any(|n| fields::rounded_number(n)) {
        names.retain(|n| {
            if fields::rounded_number(n) {
                rounded.push(n.clone());
                noted.push(n.clone());
                false
            } else {
                true
            }
        });
    }
    if ids_at.is_some() {
        take_ids_from_names(&mut names, &mut ids, noted);
    }
    cut_party_notes(&mut names, &mut ids, note_words, noted);
    if !place_named_ids(&names, &mut ids) {
        // (Numbers with a place for each name, empty ones included, are no guess.)
        let short = ids.len() < names.len();
        align_ids_by_kind(&names, &mut ids, note_words);
        if short && ids_paired_by_guess(&names, &ids, note_words) {
            *pairing = Pairing::Guessed;
        } else if let Some(n) = pair_ids_by_kind(&names, &mut ids, note_words) {
            *pairing = Pairing::Unpaired(n);
        }
    }
    if names.len() + ids.len() > 1 {
        fields::drop_repeated_parties(&mut names, &mut ids);
    }
    let put = |l: Vec<Cow<'r, str>>| {
        if l.is_empty() {
            Value::Null
        } else {
            Value::List(l)
        }
    };
    if let Some((_, i)) = ids_at {
        values[i] = put(ids);
    }
    values[names_at.1] = put(names);
    match &values[names_at.1] {
        Value::List(l) => Some(l),
        _ => None,
    }
}

/// How the identity numbers of a role were paired with its names, when it needs saying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Pairing {
    /// By the names written with them, by their places, or by their kinds: no doubt.
    #[default]
    Sure,
    /// By their order alone, and another pairing fits as well ([`ids_paired_by_guess`]).
    Guessed,
    /// This many numbers contradict the kind of the name at their place and could not be
    /// given to another name: they are kept after the names, paired with none
    /// ([`pair_ids_by_kind`]).
    Unpaired(usize),
}

/// A number for every name, where some number's kind contradicts its name's: a
/// 统一社会信用代码 beside a natural person's name, a 居民身份证号码 beside an organisation's
/// (`张三、某某有限公司` beside `9133…、3306…`, the company's code listed first, as exports
/// often do). Pairing by position would give 张三 the company's code and the company the
/// person's number, and a debtor list reading the kind from the number would publish 张三
/// as a legal person. When one person holds an organisation's code and one organisation
/// a person's number, the two are swapped: no other pairing fits the kinds. Any other
/// contradiction cannot be settled: those numbers are taken from their places and kept
/// after the names (nothing is lost), and their count returned for the rejects. A single
/// name keeps its number (a 个体工商户's owner is written with the shop's code), and so
/// does a name whose kind cannot be told.
pub(super) fn pair_ids_by_kind(
    names: &[Cow<'_, str>],
    ids: &mut Vec<Cow<'_, str>>,
    words: &fields::NoteWords,
) -> Option<usize> {
    if names.len() < 2 || ids.len() < names.len() {
        return None;
    }
    use fields::{IdKind, PartyKind};
    // (true: a person's; false: an organisation's; None: cannot be told.)
    let name_person = |n: &str| match fields::party_kind_by(n, words.government, words.company) {
        PartyKind::Person => Some(true),
        PartyKind::Company | PartyKind::Government => Some(false),
        PartyKind::Unknown => None,
    };
    let id_person = |id: &str| match fields::id_kind(id) {
        Some(IdKind::ResidentId) => Some(true),
        Some(IdKind::CreditCode) => Some(false),
        None => None,
    };
    let wrong: Vec<usize> = (0..names.len())
        .filter(|&k| match (name_person(&names[k]), id_person(&ids[k])) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        })
        .collect();
    if wrong.is_empty() {
        return None;
    }
    let person_ids: Vec<usize> = wrong
        .iter()
        .copied()
        .filter(|&k| id_person(&ids[k]) == Some(true))
        .collect();
    if wrong.len() == 2 && person_ids.len() == 1 {
        ids.swap(wrong[0], wrong[1]);
        return None;
    }
    let moved: Vec<Cow<'_, str>> = wrong
        .iter()
        .map(|&k| std::mem::replace(&mut ids[k], Cow::Borrowed("")))
        .collect();
    ids.extend(moved);
    Some(wrong.len())
}

/// Numbers written with the name they belong to (`王二：3306…`, `3306…（王二）`) put at that
/// name's place, the others in the places left, in order. False when no number names one
/// of `names` (nothing is moved).
pub(super) fn place_named_ids(names: &[Cow<'_, str>], ids: &mut Vec<Cow<'_, str>>) -> bool {
    // Cheap test first: a bare number is letters and digits only. (One name too: its
    // number written `陈小春 3306…` must not keep the name, which a shared list would show.)
    if names.is_empty()
        || ids
            .iter()
            .all(|i| i.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let named = |entry: &str| -> Option<(usize, String)> {
        let (name, id) = match fields::name_with_id(entry) {
            Some((name, id, _)) => (name.to_string(), id),
            None => {
                let t = entry.trim().trim_end_matches([')', '）']);
                let (id, name) = t.rsplit_once(['(', '（'])?;
                let id = id.trim();
                (!id.is_empty() && fields::id_like(id))
                    .then(|| (name.trim().to_string(), id.to_ascii_uppercase()))?
            }
        };
        names.iter().position(|n| *n == name).map(|k| (k, id))
    };
    let found: Vec<Option<(usize, String)>> = ids.iter().map(|i| named(i)).collect();
    if found.iter().all(Option::is_none) {
        return false;
    }
    let mut placed: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); names.len()];
    let mut rest = Vec::new();
    for (id, f) in std::mem::take(ids).into_iter().zip(found) {
        match f {
            Some((k, bare)) if placed[k].is_empty() => placed[k] = Cow::Owned(bare),
            _ if id.is_empty() => {}
            _ => rest.push(id),
        }
    }
    for id in rest {
        match placed.iter().position(|p| p.is_empty()) {
            Some(j) => placed[j] = id,
            None => placed.push(id),
        }
    }
    while placed.last().is_some_and(|i| i.is_empty()) {
        placed.pop();
    }
    *ids = placed;
    true
}

/// Whether the numbers were paired with the names by their order alone, and another
/// pairing fits as well: a name without a number could own one given to another name
/// (李四、王二、赵六 beside two 居民身份证号码). `李四、某某有限公司` beside one
/// 居民身份证号码 is no guess: the company cannot hold it; nor is a single number, the
/// first name's by the exports' custom.
pub(super) fn ids_paired_by_guess(
    names: &[Cow<'_, str>],
    ids: &[Cow<'_, str>],
    words: &fields::NoteWords,
) -> bool {
    let filled = ids.iter().filter(|i| !i.is_empty()).count();
    // One number is the first name's, as system exports list the first debtor's number
    // (主被执行人): no guess.
    if names.len() < 2 || filled < 2 || filled >= names.len() {
        return false;
    }
    use fields::{IdKind, PartyKind};
    let kind = |n: &str| fields::party_kind_by(n, words.government, words.company);
    let fits = |id: &str, name: &str| match fields::id_kind(id) {
        Some(IdKind::ResidentId) => {
            kind(name) != PartyKind::Company && kind(name) != PartyKind::Government
        }
        Some(IdKind::CreditCode) => kind(name) != PartyKind::Person,
        None => true,
    };
    (0..names.len())
        .filter(|&j| ids.get(j).is_none_or(|i| i.is_empty()))
        .any(|j| {
            ids.iter()
                .filter(|i| !i.is_empty())
                .any(|id| fits(id, &names[j]))
        })
}

/// Fewer identity numbers than names, where a number's kind says whose it is: a
/// 统一社会信用代码 is an organisation's, a 居民身份证号码 a person's. `李四、某某有限公司`
/// beside the company's code alone gives the code to the company, not to 李四 by position
/// (a person with a company's code would be counted a company, and published unmasked).
/// A number whose kind fits the name at its place, or fits no name without one, stays.
pub(super) fn align_ids_by_kind(
    names: &[Cow<'_, str>],
    ids: &mut Vec<Cow<'_, str>>,
    words: &fields::NoteWords,
) {
    let filled = ids.iter().filter(|i| !i.is_empty()).count();
    if names.len() < 2 || filled == 0 || filled >= names.len() {
        return;
    }
    use fields::{IdKind, PartyKind};
    let kinds: Vec<PartyKind> = names
        .iter()
        .map(|n| fields::party_kind_by(n, words.government, words.company))
        .collect();
    let fits = |id: &str, kind: PartyKind| match fields::id_kind(id) {
        Some(IdKind::ResidentId) => matches!(kind, PartyKind::Person | PartyKind::Unknown),
        Some(IdKind::CreditCode) => kind != PartyKind::Person,
        None => true,
    };
    if ids
        .iter()
        .enumerate()
        .all(|(k, id)| id.is_empty() || kinds.get(k).is_some_and(|&kind| fits(id, kind)))
    {
        return;
    }
    let mut placed: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); names.len()];
    let mut rest = Vec::new();
    for (k, id) in std::mem::take(ids).into_iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        if k < names.len() && fits(&id, kinds[k]) {
            placed[k] = id;
        } else {
            rest.push((k, id));
        }
    }
    for (k, id) in rest {
        let free = |j: &usize| placed[*j].is_empty();
        match (0..names.len())
            .filter(free)
            .find(|&j| fits(&id, kinds[j]))
            .or_else(|| Some(k).filter(|k| *k < names.len() && placed[*k].is_empty()))
        {
            Some(j) => placed[j] = id,
            // No place left: kept after the names (nothing is lost).
            None => placed.push(id),
        }
    }
    while placed.last().is_some_and(|i| i.is_empty()) {
        placed.pop();
    }
    *ids = placed;
}

/// Notes written into a role's names ([`fields::party_note`]) cut from them: `李四（已故）`
/// is 李四, and `法定代表人：王五` listed after a company is no party (its identity number,
/// if the numbers are listed beside the names, goes with it). The names as written go to
/// `noted` (the case's `party_notes`).
pub(super) fn cut_party_notes<'r>(
    names: &mut Vec<Cow<'r, str>>,
    ids: &mut Vec<Cow<'r, str>>,
    words: &fields::NoteWords,
    noted: &mut Vec<Cow<'r, str>>,
) {
    let mut k = 0;
    while k < names.len() {
        // Cheap test first: almost every name neither ends in a bracket nor holds a label,
        // and a label (two characters or more) with a name is longer than a person's name.
        let name = &names[k];
        // (Every built-in label but 经营者 ends in 人: a char is found by memchr.)
        let may_hold_label = name.len() > 9
            && (name.contains('人') || name.contains('者'))
            && words.representatives.any_in(name);
        // 李四，男，汉族: what a judgment says of the person before, not a party.
        if k > 0 && fields::person_detail(name, words.details, words.company) {
            noted.push(names.remove(k));
            if k < ids.len() && ids[k].is_empty() {
                ids.remove(k);
            }
            continue;
        }
        // (An ending is looked for only behind the last character of one.)
        let may_end_noted = name
            .chars()
            .next_back()
            .is_some_and(|c| words.ending_lasts.contains(&c))
            && words.endings.ends(name);
        // (继承人:李小四: a note's label before the name.)
        let may_start_noted = name.contains([':', '：']);
        if !name.ends_with('）') && !may_hold_label && !may_end_noted && !may_start_noted {
            k += 1;
            continue;
        }
        match fields::party_note(name, words) {
            fields::PartyNote::None => k += 1,
            fields::PartyNote::Cut(bare) => {
                let bare = Cow::Owned(bare.to_string());
                noted.push(std::mem::replace(&mut names[k], bare));
                k += 1;
            }
            fields::PartyNote::NotAParty => {
                noted.push(names.remove(k));
                if k < ids.len() {
                    ids.remove(k);
                }
            }
        }
    }
}

/// Identity numbers typed after names (`张三（330602199001011234）`,
/// [`fields::name_with_id`]) moved to the name's place among the numbers, when that place
/// is empty or holds the same number. A different number there keeps the cell as written:
/// which of the two is right cannot be told, and nothing is lost.
///
/// A number listed as a name of its own right after the name it belongs to
/// (`张三、330602199001011234`), when the sheet has no numbers for the role, is that
/// name's number too: read as a name, it would be a debtor called by a number.
///
/// A bracket that says more than the number (`张三（330602…，住杭州市…）`) keeps the cell as
/// written in `noted` (the case's `party_notes`).
pub(super) fn take_ids_from_names<'r>(
    names: &mut Vec<Cow<'r, str>>,
    ids: &mut Vec<Cow<'r, str>>,
    noted: &mut Vec<Cow<'r, str>>,
) {
    if names.len() > 1
        && ids.iter().all(|i| i.is_empty())
        && names[1..].iter().any(|n| fields::id_like(n))
    {
        let (mut kept, mut numbers): (Vec<Cow<'r, str>>, Vec<Cow<'r, str>>) = (vec![], vec![]);
        for name in names.drain(..) {
            let free = !kept.is_empty() && numbers.get(kept.len() - 1).is_none_or(|i| i.is_empty());
            if free && fields::id_like(&name) {
                numbers.resize(kept.len(), Cow::Borrowed(""));
                numbers[kept.len() - 1] = Cow::Owned(name.trim().to_ascii_uppercase());
            } else {
                kept.push(name);
            }
        }
        *names = kept;
        *ids = numbers;
    }
    for (k, name) in names.iter_mut().enumerate() {
        let Some((bare, id, said_more)) = fields::name_with_id(name) else {
            continue;
        };
        let bare = Cow::Owned(bare.to_string());
        match ids.get(k).map(|s| s.as_ref()) {
            None | Some("") => {
                if ids.len() <= k {
                    ids.resize(k + 1, Cow::Borrowed(""));
                }
                ids[k] = Cow::Owned(id);
            }
            Some(there) if there.eq_ignore_ascii_case(&id) => {}
            Some(_) => continue,
        }
        let written = std::mem::replace(name, bare);
        if said_more {
            noted.push(written);
        }
    }
}

/// person / company / government / mixed, from the respondents' names; a name whose kind
/// the names cannot tell is a person's by the 居民身份证号码 beside it
/// ([`fields::person_by_id`]).
pub(super) fn respondent_kind(
    names: Option<&[Cow<'_, str>]>,
    ids: Option<&[Cow<'_, str>]>,
    plan: &SheetPlan,
) -> Value<'static> {
    let Some(names) = names.filter(|n| !n.is_empty()) else {
        return Value::Null;
    };
    let rules = plan.rules;
    let id_at = |k: usize| ids.and_then(|ids| ids.get(k)).map(|i| i.as_ref());
    let mut kinds: Vec<&'static str> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            match fields::party_kind_by(n, &plan.government_markers, &plan.company_markers) {
                fields::PartyKind::Person => "person",
                fields::PartyKind::Company => {
                    if rules.soe_markers.iter().any(|m| n.contains(m.as_str())) {
                        "soe"
                    } else {
                        "company"
                    }
                }
                fields::PartyKind::Government => "government",
                fields::PartyKind::Unknown if fields::person_by_id(n, id_at(k)) => "person",
                fields::PartyKind::Unknown => "unknown",
            }
        })
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    static_str(if kinds.len() == 1 { kinds[0] } else { "mixed" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// g round 57: a 当事人 cell with each role after its name in brackets was a field
    /// reject ("without a role"), the case left with no parties.
    #[test]
    fn roles_written_after_the_names_are_read() {
        let labels: Vec<(String, Role)> = [
            ("申请执行人", Role::Applicant),
            ("被执行人", Role::Respondent),
            ("第三人", Role::Other),
        ]
        .into_iter()
        .map(|(l, r)| (l.to_string(), r))
        .collect();
        let read = |t: &str| parties_by_trailing_role(t, &labels).map(|r| (r.sides, r.others));
        let (sides, others) = read("张三(申请执行人),李四（被执行人）、王五（被执行人2）").unwrap();
        assert_eq!(
            sides,
            [vec!["张三".to_string()], vec!["李四".into(), "王五".into()]]
        );
        assert!(others.is_empty());
        let (sides, others) =
            read("张三（申请执行人）\n李四（曾用名李小四）（被执行人）；王二（第三人）").unwrap();
        assert_eq!(sides[1], vec!["李四(曾用名李小四)".to_string()]);
        assert_eq!(others, vec!["王二(第三人)".to_string()]);
        // A name without its role, or a bracket that is no role: not guessed.
        assert!(read("张三（申请执行人）、李四").is_none());
        assert!(read("张三（申请执行人）、李四（原告）").is_none());
        assert!(read("张三、李四").is_none());
        assert!(read("（被执行人）").is_none());
        // Review: parties not parted by a separator are not made one name.
        assert!(read("张三（申请执行人） 李四（被执行人）").is_none());
        assert!(read("张三（申请执行人）李四（被执行人）王五（被执行人）").is_none());
    }

    /// e-numbered-role-labels (red-team round 56): `第一被执行人：李四` put the debtor among
    /// the applicants, `被执行人1：李四` kept `1:` in the name.
    #[test]
    fn numbered_role_labels_are_labels() {
        let none = fields::Markers::new::<&str>(&[]);
        let spaces = fields::SpaceSplit {
            min_chars: 2,
            government: &none,
            company: &none,
            details: &none,
            surnames: &[],
        };
        let mut labels: Vec<(String, Role)> = [
            ("申请执行人", Role::Applicant),
            ("被执行人", Role::Respondent),
            ("被申请执行人", Role::Respondent),
            ("第三人", Role::Other),
        ]
        .into_iter()
        .map(|(l, r)| (l.to_string(), r))
        .collect();
        labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        let sides = |t: &str, before: Option<Role>, colon: bool| {
            parties_by_role(t, &labels, &spaces, before, colon).map(|r| r.sides)
        };
        let both = |a: &[&str], r: &[&str]| {
            Some([a, r].map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
        };
        for (cell, want) in [
            (
                "申请执行人：张三；被执行人1：李四；被执行人2：王二",
                both(&["张三"], &["李四", "王二"]),
            ),
            (
                "申请执行人：张三；第一被执行人：李四；第二被执行人：王二",
                both(&["张三"], &["李四", "王二"]),
            ),
            (
                "申请执行人1：张三；申请执行人2：赵六；被执行人：李四",
                both(&["张三", "赵六"], &["李四"]),
            ),
            (
                "申请执行人一：张三\n被执行人一：李四\n被执行人二：王二",
                both(&["张三"], &["李四", "王二"]),
            ),
            (
                "申请执行人：张三；被执行人（1）：李四 被执行人（2）：王二",
                both(&["张三"], &["李四", "王二"]),
            ),
            ("申请执行人：张三 第三人：王二", both(&["张三"], &[])),
            // Digits that start a name are no label's number (review of e-numbered-role-labels).
            (
                "申请执行人张三，被执行人3M中国有限公司",
                both(&["张三"], &["3M中国有限公司"]),
            ),
            (
                "申请执行人58同城信息技术有限公司；被执行人李四",
                both(&["58同城信息技术有限公司"], &["李四"]),
            ),
        ] {
            assert_eq!(sides(cell, None, false), want, "{cell}");
        }
        // In a 被执行人 column: the labels are no part of the names.
        let markers = fields::Markers::new(&["申请执行人", "被执行人", "第三人"]);
        for cell in [
            "被执行人1：李四；被执行人2：王二",
            "第一被执行人李四",
            "被执行人一：李四",
        ] {
            assert!(starts_with_role_label(cell, &markers), "{cell}");
        }
        assert_eq!(
            sides(
                "被执行人1：李四；被执行人2：王二",
                Some(Role::Respondent),
                false
            ),
            both(&[], &["李四", "王二"])
        );
        assert_eq!(
            sides("第一被执行人李四", Some(Role::Respondent), false),
            both(&[], &["李四"])
        );
        // A name that starts like a label stays a name.
        for cell in ["第三人民医院", "被执行人一心公司", "第一建筑有限公司"] {
            assert!(!starts_with_role_label(cell, &markers), "{cell}");
        }
        assert_eq!(
            sides("王二，第三人民医院", Some(Role::Respondent), true),
            None
        );
    }

    /// p-third-party-label-inside-name (red-team round 57): `被执行人：第三人民医院有限公司`
    /// put the hospital among the third parties, `被执行人：申请人民调解委员会` gave the
    /// applicant `民调解委员会`: a label's 人 before 民 is the 人民 of a name.
    #[test]
    fn a_label_inside_a_name_is_no_label() {
        let none = fields::Markers::new::<&str>(&[]);
        let spaces = fields::SpaceSplit {
            min_chars: 2,
            government: &none,
            company: &none,
            details: &none,
            surnames: &[],
        };
        let mut labels: Vec<(String, Role)> = [
            ("申请执行人", Role::Applicant),
            ("申请人", Role::Applicant),
            ("被执行人", Role::Respondent),
            ("被申请人", Role::Respondent),
            ("第三人", Role::Other),
        ]
        .into_iter()
        .map(|(l, r)| (l.to_string(), r))
        .collect();
        labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        let roles = |t: &str, before: Option<Role>, colon: bool| {
            parties_by_role(t, &labels, &spaces, before, colon).map(|r| (r.sides, r.others))
        };
        let both = |a: &[&str], r: &[&str], o: &[&str]| {
            let v = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            Some(([v(a), v(r)], v(o)))
        };
        for (cell, want) in [
            (
                "申请执行人：张三 被执行人：杭州市第三人民医院",
                both(&["张三"], &["杭州市第三人民医院"], &[]),
            ),
            (
                "申请执行人：张三；被执行人：第三人民医院有限公司",
                both(&["张三"], &["第三人民医院有限公司"], &[]),
            ),
            (
                "申请执行人：张三 被执行人：李四、第三人民医院",
                both(&["张三"], &["李四", "第三人民医院"], &[]),
            ),
            // No name starts with 申请人民 or 被执行人民: there the label is one.
            (
                "申请执行人张三，被执行人民生银行杭州分行",
                both(&["张三"], &["民生银行杭州分行"], &[]),
            ),
            (
                "申请人：第三人民医院；被申请人：李四",
                both(&["第三人民医院"], &["李四"], &[]),
            ),
            (
                "申请执行人第三人民医院，被执行人李四",
                both(&["第三人民医院"], &["李四"], &[]),
            ),
            // The labels themselves still are.
            (
                "申请执行人：张三 被执行人：李四 第三人：王五",
                both(&["张三"], &["李四"], &["第三人：王五"]),
            ),
            (
                "申请执行人：张三 被执行人：李四 第三人 王五",
                both(&["张三"], &["李四"], &["第三人 王五"]),
            ),
        ] {
            assert_eq!(roles(cell, None, false), want, "{cell}");
        }
        // In a side's own column: the hospital is that side's, not a third party.
        assert_eq!(
            roles("第三人民医院有限公司", Some(Role::Respondent), false),
            None
        );
        let markers = fields::Markers::new(&["申请执行人", "被执行人", "第三人"]);
        assert!(!starts_with_role_label("第三人民医院", &markers));
        assert!(starts_with_role_label("第三人：王五", &markers));
        assert!(starts_with_role_label("第一被执行人民生银行", &markers));
    }

    /// p-numbered-id-cells (red-team round 57): `一、3306… 二、3306…` beside `一、张三
    /// 二、李四` gave the numbers `一`, `3306… 二` and `3306…`: no number beside its debtor.
    #[test]
    fn a_numbered_cell_of_identity_numbers_is_read_without_its_numbers() {
        let (a, b, c) = (
            "330102199001011234",
            "330102199202022345",
            "91330621MA2CAAAA0P",
        );
        let ids = |t: &str| -> Option<Vec<String>> {
            ids_in(&Cell::Text(t.to_string())).map(|v| v.into_iter().map(Cow::into_owned).collect())
        };
        let want = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        for t in [
            format!("一、{a} 二、{b}"),
            format!("1.{a} 2.{b}"),
            format!("1、{a}；2、{b}"),
            format!(
                "1.{a}
2.{b}"
            ),
            format!("（1）{a}（2）{b}"),
            format!("①{a}②{b}"),
            format!("1.{a} 2.{b} 3."),
        ] {
            assert_eq!(ids(&t), want(&[a, b]), "{t}");
        }
        assert_eq!(ids(&format!("1.{a}")), want(&[a]));
        // An item left empty keeps its place.
        assert_eq!(ids(&format!("1.{a} 2. 3.{c}")), want(&[a, "", c]));
        assert_eq!(ids(&format!("1.{a} 2.不详 3.{c}")), want(&[a, "", c]));
        // Unnumbered cells read as before.
        assert_eq!(ids(&format!("{a}、{b}")), want(&[a, b]));
        assert_eq!(ids(&format!("{a} {b}")), want(&[a, b]));
        assert_eq!(ids("330603800101123.0"), want(&["330603800101123.0"]));
    }

    #[test]
    fn numbers_whose_kind_contradicts_their_names_are_swapped_or_left_unpaired() {
        let none = fields::Markers::new::<&str>(&[]);
        let government = fields::Markers::new(&["人民政府"]);
        let company = fields::Markers::new(&["公司"]);
        let words = fields::NoteWords {
            representatives: &none,
            notes: &none,
            details: &none,
            endings: &none,
            roles: &none,
            ending_lasts: &[],
            government: &government,
            company: &company,
        };
        let cows = |v: &[&'static str]| v.iter().map(|s| Cow::Borrowed(*s)).collect::<Vec<_>>();
        let (code, code2, person) = (
            "91330621MA2CAAAA0P",
            "92330621MA2CGGGG69",
            "330603198001011233",
        );
        // The company's code listed first: one pairing fits the kinds.
        let names = cows(&["张三", "绍兴某某有限公司"]);
        let mut ids = cows(&[code, person]);
        assert_eq!(pair_ids_by_kind(&names, &mut ids, &words), None);
        assert_eq!(ids, cows(&[person, code]));
        // Already fitting, or a single name (a 个体工商户's owner): kept.
        let mut ids = cows(&[person, code]);
        assert_eq!(pair_ids_by_kind(&names, &mut ids, &words), None);
        assert_eq!(ids, cows(&[person, code]));
        let mut ids = cows(&[code]);
        assert_eq!(pair_ids_by_kind(&names[..1], &mut ids, &words), None);
        // Two persons with two codes: whose is whose cannot be told.
        let names = cows(&["张三", "李四"]);
        let mut ids = cows(&[code, code2]);
        assert_eq!(pair_ids_by_kind(&names, &mut ids, &words), Some(2));
        assert_eq!(ids, cows(&["", "", code, code2]));
    }
}
