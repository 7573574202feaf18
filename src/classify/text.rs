//! Word rules over the clerks' free text (情况说明/未结原因, 备注), matched on words.
//!
//! Chinese has no spaces, so a rule that looked for characters would find 无 inside 无法 or
//! 未 inside 尚未; rules therefore match *words*. Each clause is segmented by jieba (built
//! once per run, with every rule word added to its dictionary) in search mode, which also
//! yields the dictionary words inside a longer word (上访 inside 多次上访), and a rule word
//! matches only where it starts and ends on word boundaries of that segmentation. `甲…乙`
//! asks for 甲 and later 乙 in the same clause (分句: the text is split at ，；。 so that a
//! negation in one clause does not cancel a statement in the next), and a clause holding
//! one of a rule's `unless` phrases does not count — the way 未发现转移财产迹象 is kept from
//! meaning 转移财产.
//!
//! Registers repeat themselves: a million cases have a few thousand distinct reason texts
//! and far fewer distinct clauses. Each distinct clause is segmented and matched once (in
//! parallel), and a case only looks its texts up, so the cost of segmentation does not grow
//! with the number of cases.

use jieba_rs::{Jieba, TokenizeMode};
use polars::prelude::PlHashMap;
use rayon::prelude::*;

/// Which free-text field a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 情况说明 / 未结原因 / 中止原因 (column `reason`)
    Reason,
    /// 备注 (column `note`)
    Note,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Reason => "情况说明",
            Field::Note => "备注",
        }
    }

    pub fn column(self) -> &'static str {
        match self {
            Field::Reason => "reason",
            Field::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        match s {
            "reason" => Some(Field::Reason),
            "note" => Some(Field::Note),
            _ => None,
        }
    }
}

/// A phrase of a rule: one or more parts (split at `…`), each matched on word boundaries.
#[derive(Debug, Clone)]
struct Phrase {
    parts: Vec<String>,
}

/// Word boundaries of a clause: byte offsets where some word starts or ends.
struct Bounds {
    starts: Vec<bool>,
    ends: Vec<bool>,
}

/// A rule word with its gaps written as `…`: a run of two or more full stops (ASCII
/// `...` as typed without an IME, `。。。`, `．．．`) is the same gap. Taken literally, such a
/// word could never match: a clause holds no 。 (the text is split there) and a clerk's
/// text no `...` where the rule means "anything between".
fn gaps_as_ellipsis(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars().peekable();
    while let Some(c) = chars.next() {
        let stop = |c: &char| matches!(c, '.' | '。' | '．');
        if stop(&c) && chars.peek().is_some_and(stop) {
            while chars.peek().is_some_and(stop) {
                chars.next();
            }
            out.push('…');
        } else {
            out.push(c);
        }
    }
    out
}

impl Phrase {
    fn new(w: &str) -> Phrase {
        Phrase {
            parts: gaps_as_ellipsis(w)
                .split(['…', '⋯'])
                .map(|p| p.trim().trim_matches('.').to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }

    /// Whether the phrase occurs in `clause` (parts in order, each on word boundaries).
    fn matches(&self, clause: &str, b: &Bounds) -> bool {
        self.find(clause, b).is_some()
    }

    /// Where the phrase's first occurrence in `clause` starts and ends (byte offsets), if
    /// it occurs.
    fn find(&self, clause: &str, b: &Bounds) -> Option<(usize, usize)> {
        self.find_from(clause, b, 0)
    }

    /// Every occurrence of the phrase in `clause`, one per place its first part starts.
    fn find_all(&self, clause: &str, b: &Bounds) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((s, e)) = self.find_from(clause, b, from) {
            out.push((s, e));
            // The next place the first part can start: past this one's first character.
            from = s + clause[s..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    /// [`Phrase::find`] from byte `from` on.
    fn find_from(&self, clause: &str, b: &Bounds, from: usize) -> Option<(usize, usize)> {
        let mut from = from;
        let mut start = None;
        for part in &self.parts {
            let found = clause[from..].match_indices(part.as_str()).find(|(at, _)| {
                let s = from + at;
                let e = s + part.len();
                b.starts.get(s).copied().unwrap_or(false) && b.ends.get(e).copied().unwrap_or(false)
            });
            match found {
                Some((at, _)) => {
                    start.get_or_insert(from + at);
                    from += at + part.len();
                }
                None => return None,
            }
        }
        start.map(|s| (s, from))
    }

    /// The ends (byte offsets) of the occurrences of the phrase's first part that end by
    /// `upto`, on word boundaries.
    fn ends_by<'c>(
        &'c self,
        clause: &'c str,
        b: &'c Bounds,
        upto: usize,
    ) -> impl Iterator<Item = usize> + 'c {
        let part = self.parts.first().map_or("", String::as_str);
        clause[..upto]
            .match_indices(part)
            .filter(move |_| !part.is_empty())
            .map(move |(s, p)| (s, s + p.len()))
            .filter(move |&(s, e)| {
                b.starts.get(s).copied().unwrap_or(false) && b.ends.get(e).copied().unwrap_or(false)
            })
            .map(|(_, e)| e)
    }
}

/// The negations (否定词) of a rules file, for every word rule of the file besides its own
/// `unless`: a rule word they negate does not count. `unless` voids a whole clause, which
/// is right for a clause about someone else (被执行人…) but not for a negation: 残疾无收入
/// is a statement of hardship, 无低保 is not. So a negation counts only right before the
/// word, or with nothing but `linking` words between (verbs like 属于, 享受, and who the
/// clause is about): 非低保户, 未享受低保, 未拖欠农民工工资, 未发现申请执行人属于特困群体.
/// 未支付农民工工资 stays a statement of unpaid wages, and in a ledger's unpunctuated
/// 未发现被执行人可供执行财产申请人多次上访 the negation ends before 多次上访.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub linking: Vec<String>,
}

/// [`Negation`] with its words as phrases.
#[derive(Debug, Clone)]
struct NegationSet {
    words: Vec<Phrase>,
    linking: Vec<String>,
    /// The words (without gaps) of every word rule of the file, enabled or not. A rule word
    /// that lies within one of them, negated, is negated too, whichever rule holds the
    /// longer word: 农民工 (category 3) in 未拖欠农民工工资 (拖欠农民工工资, category 4), as
    /// 农民工工资 within it is for category 4 itself. A gap pattern (多次…上访) is left out:
    /// the words in its gap are not what it negates.
    scope: Vec<Phrase>,
}

impl NegationSet {
    /// Whether a rule word starting at `start` of `clause` is negated.
    fn negates(&self, clause: &str, b: &Bounds, start: usize) -> bool {
        self.words.iter().any(|p| {
            p.ends_by(clause, b, start)
                .any(|e| only_linking(&clause[e..start], &self.linking))
        })
    }

    /// Where the file's words ([`NegationSet::scope`]) occur negated in `clause`.
    fn negated_spans(&self, clause: &str, b: &Bounds) -> Vec<(usize, usize)> {
        self.scope
            .iter()
            .flat_map(|p| p.find_all(clause, b))
            .filter(|&(s, _)| self.negates(clause, b, s))
            .collect()
    }
}

/// Whether `text` is nothing but linking words (and spaces).
fn only_linking(text: &str, linking: &[String]) -> bool {
    let mut rest = text.trim();
    while !rest.is_empty() {
        match linking
            .iter()
            .filter(|l| !l.is_empty() && rest.starts_with(l.as_str()))
            .max_by_key(|l| l.len())
        {
            Some(l) => rest = rest[l.len()..].trim_start(),
            None => return false,
        }
    }
    true
}

/// A set of phrases that fires a rule, with its negations and the fields it reads.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    /// the phrases as written in the rule file (for reasons)
    pub words: Vec<String>,
    phrases: Vec<Phrase>,
    unless: Vec<Phrase>,
    /// the rules file's negations ([`Negation`]), by number
    negation: Option<u32>,
    pub fields: Vec<Field>,
}

/// A rule phrase that matched a text: which set, which of its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub set: u32,
    pub word: u32,
}

/// What a distinct text says: the sets that matched (first word each) and its clauses
/// that no set matched.
#[derive(Debug, Clone, Default)]
pub struct TextFacts {
    pub hits: Vec<Hit>,
    pub unmatched: Vec<String>,
}

/// The bit of phrase set `set` in a mask of sets (sets from 63 on share the last bit).
pub fn set_bit(set: u32) -> u64 {
    1 << set.min(63)
}

impl TextFacts {
    /// The sets that matched, as a mask of `set_bit`s.
    pub fn sets(&self) -> u64 {
        self.hits.iter().fold(0, |m, h| m | set_bit(h.set))
    }
}

/// The segmenter and every phrase set of the rules, built once per run.
pub struct TextMatcher {
    jieba: Jieba,
    sets: Vec<PhraseSet>,
    negations: Vec<NegationSet>,
}

impl std::fmt::Debug for TextMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextMatcher")
            .field("sets", &self.sets.len())
            .finish()
    }
}

/// Splits a text into clauses (分句) at sentence and clause punctuation, and before 但
/// (not 不但): what follows "but" is a clause of its own, so a negation after it
/// (破产程序已终结但尚未恢复执行) does not undo what came before.
pub fn clauses(text: &str) -> impl Iterator<Item = &str> {
    text.split(['，', ',', '；', ';', '。', '\n', '\r', '！', '!', '？', '?'])
        .flat_map(at_but)
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// The parts of a clause before and after each 但 that is not part of 不但.
fn at_but(clause: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(clause);
    std::iter::from_fn(move || {
        let s = rest?;
        let mut from = 0;
        while let Some(i) = s[from..].find('但') {
            let at = from + i;
            let after = at + '但'.len_utf8();
            if !s[..at].ends_with('不') {
                rest = Some(&s[after..]);
                return Some(&s[..at]);
            }
            from = after;
        }
        rest = None;
        Some(s)
    })
}

/// Builder: collects the phrase sets, then segments them with a dictionary that knows
/// every rule word.
/// A phrase set as registered: words, unless, fields, and the number of its negations.
type RawSet = (Vec<String>, Vec<String>, Vec<Field>, Option<u32>);

#[derive(Default)]
pub struct MatcherBuilder {
    raw: Vec<RawSet>,
    /// each rules file's negations, with the words of its rules that are not sets (a
    /// disabled rule's: see [`NegationSet::scope`])
    negations: Vec<(Negation, Vec<String>)>,
}

impl MatcherBuilder {
    /// Registers a set; returns its id.
    pub fn add(&mut self, words: &[String], unless: &[String], fields: &[Field]) -> u32 {
        self.add_negated(words, unless, fields, None)
    }

    /// Registers a rules file's negations; returns their number for [`Self::add_negated`].
    pub fn negation(&mut self, n: &Negation) -> u32 {
        self.negations.push((n.clone(), Vec::new()));
        (self.negations.len() - 1) as u32
    }

    /// Words of a rule of the file whose negations are numbered `negation` that is no set
    /// (a disabled rule): they still bound what a negation negates, so that turning a rule
    /// off does not make its negated words count for another ([`NegationSet::scope`]).
    pub fn negation_scope(&mut self, negation: u32, words: &[String]) {
        if let Some((_, scope)) = self.negations.get_mut(negation as usize) {
            scope.extend_from_slice(words);
        }
    }

    /// Registers a set whose words the negations numbered `negation` negate.
    pub fn add_negated(
        &mut self,
        words: &[String],
        unless: &[String],
        fields: &[Field],
        negation: Option<u32>,
    ) -> u32 {
        self.raw
            .push((words.to_vec(), unless.to_vec(), fields.to_vec(), negation));
        (self.raw.len() - 1) as u32
    }

    pub fn build(self) -> TextMatcher {
        let mut jieba = Jieba::new();
        let phrases = |w: &[String]| -> Vec<Phrase> { w.iter().map(|w| Phrase::new(w)).collect() };
        let sets: Vec<PhraseSet> = self
            .raw
            .iter()
            .map(|(words, unless, fields, negation)| PhraseSet {
                words: words.clone(),
                phrases: phrases(words),
                unless: phrases(unless),
                negation: *negation,
                fields: fields.clone(),
            })
            .collect();
        let negations: Vec<NegationSet> = self
            .negations
            .iter()
            .enumerate()
            .map(|(k, (n, extra))| {
                let mut scope: Vec<Phrase> = Vec::new();
                let file_words = self
                    .raw
                    .iter()
                    .filter(|r| r.3 == Some(k as u32))
                    .flat_map(|r| r.0.iter())
                    .chain(extra);
                for p in file_words.map(|w| Phrase::new(w)) {
                    if p.parts.len() == 1 && !scope.iter().any(|q| q.parts == p.parts) {
                        scope.push(p);
                    }
                }
                NegationSet {
                    words: phrases(&n.words),
                    linking: n.linking.clone(),
                    scope,
                }
            })
            .collect();
        // Rule words become dictionary words, so that jieba keeps them whole.
        let negation_words = negations.iter().flat_map(|n| n.words.iter());
        for p in sets
            .iter()
            .flat_map(|s| s.phrases.iter().chain(&s.unless))
            .chain(negation_words)
        {
            for part in &p.parts {
                if part.chars().count() > 1 {
                    jieba.add_word(part, None, None);
                }
            }
        }
        TextMatcher {
            jieba,
            sets,
            negations,
        }
    }
}

impl TextMatcher {
    pub fn set(&self, id: u32) -> Option<&PhraseSet> {
        self.sets.get(id as usize)
    }

    /// The words of one clause (jieba's default cut).
    pub fn words<'a>(&self, clause: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(clause, false)
            .into_iter()
            .map(|t| t.word.trim())
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn bounds(&self, clause: &str) -> Bounds {
        let mut b = Bounds {
            starts: vec![false; clause.len() + 1],
            ends: vec![false; clause.len() + 1],
        };
        for t in self.jieba.tokenize(clause, TokenizeMode::Search, false) {
            if let Some(x) = b.starts.get_mut(t.byte_start) {
                *x = true;
            }
            if let Some(x) = b.ends.get_mut(t.byte_end) {
                *x = true;
            }
        }
        b
    }

    /// The sets (reading `field`) that match one clause, with the first matching word.
    /// Returns whether any set understood the clause (matched, or matched but negated).
    fn match_clause(&self, field: Field, clause: &str, out: &mut Vec<Hit>) -> bool {
        let b = self.bounds(clause);
        let mut any = false;
        // The negated words of each rules file in this clause, found when first needed.
        let mut file_negated: Vec<Option<Vec<(usize, usize)>>> = Vec::new();
        for (sid, set) in self.sets.iter().enumerate() {
            if !set.fields.contains(&field) {
                continue;
            }
            let negation = set.negation.and_then(|n| self.negations.get(n as usize));
            // Every occurrence when negations may void some (原非低保户现为低保户), else
            // the first of each word.
            let mut found = set
                .phrases
                .iter()
                .enumerate()
                .flat_map(|(w, p)| {
                    let spans = match negation {
                        Some(_) => p.find_all(clause, &b),
                        None => p.find(clause, &b).into_iter().collect(),
                    };
                    spans.into_iter().map(move |s| (w, s))
                })
                .peekable();
            if found.peek().is_none() {
                continue;
            }
            any = true;
            if set.unless.iter().any(|p| p.matches(clause, &b)) {
                continue;
            }
            // The first word no negation of the file negates, nor lies within a negated
            // word of the set or of any word rule of the file (农民工工资 and 农民工 in
            // 未拖欠农民工工资).
            let w = match (negation, set.negation) {
                (Some(n), Some(k)) => {
                    let all: Vec<(usize, (usize, usize))> = found.collect();
                    let negated: Vec<(usize, usize)> = all
                        .iter()
                        .filter(|(_, (s, _))| n.negates(clause, &b, *s))
                        .map(|&(_, span)| span)
                        .collect();
                    let k = k as usize;
                    if file_negated.len() <= k {
                        file_negated.resize(k + 1, None);
                    }
                    let in_file =
                        file_negated[k].get_or_insert_with(|| n.negated_spans(clause, &b));
                    // The file's other words void only a word wholly within them: a match
                    // of the set's own gap pattern may span a negated word it is not.
                    all.iter()
                        .find(|(_, (s, e))| {
                            !negated.iter().any(|(ns, ne)| ns < e && s < ne)
                                && !in_file.iter().any(|(ns, ne)| ns <= s && e <= ne)
                        })
                        .map(|&(w, _)| w)
                }
                _ => found.next().map(|(w, _)| w),
            };
            let Some(w) = w else {
                continue;
            };
            if !out.iter().any(|h| h.set == sid as u32) {
                out.push(Hit {
                    set: sid as u32,
                    word: w as u32,
                });
            }
        }
        any
    }

    /// Analyses one whole text.
    pub fn analyse(&self, field: Field, text: &str) -> TextFacts {
        let mut facts = TextFacts::default();
        for c in clauses(text) {
            if !self.match_clause(field, c, &mut facts.hits) {
                facts.unmatched.push(c.to_string());
            }
        }
        facts
    }

    /// Analyses distinct texts in parallel; `texts[i]` gets `facts[i]`.
    pub fn analyse_all(&self, texts: &[(Field, &str)]) -> Vec<TextFacts> {
        // Clauses repeat far more than whole texts (a date makes a text unique, not its
        // clauses): segment each distinct clause once.
        let mut clause_ids: PlHashMap<(Field, &str), u32> = PlHashMap::default();
        let mut distinct: Vec<(Field, &str)> = Vec::new();
        let per_text: Vec<Vec<u32>> = texts
            .iter()
            .map(|(f, t)| {
                clauses(t)
                    .map(|c| {
                        *clause_ids.entry((*f, c)).or_insert_with(|| {
                            distinct.push((*f, c));
                            (distinct.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        let clause_facts: Vec<(Vec<Hit>, bool)> = distinct
            .par_iter()
            .map(|(f, c)| {
                let mut hits = Vec::new();
                let any = self.match_clause(*f, c, &mut hits);
                (hits, any)
            })
            .collect();
        per_text
            .iter()
            .map(|ids| {
                let mut facts = TextFacts::default();
                for &id in ids {
                    let (hits, any) = &clause_facts[id as usize];
                    for h in hits {
                        if !facts.hits.iter().any(|x| x.set == h.set) {
                            facts.hits.push(*h);
                        }
                    }
                    if !any {
                        facts.unmatched.push(distinct[id as usize].1.to_string());
                    }
                }
                facts
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn clauses_split_before_but() {
        let c: Vec<&str> = clauses("破产程序已终结但尚未恢复执行，不但有房产但是未过户").collect();
        assert_eq!(
            c,
            ["破产程序已终结", "尚未恢复执行", "不但有房产", "是未过户"]
        );
    }

    #[test]
    fn words_not_characters_and_negations() {
        let mut b = MatcherBuilder::default();
        let evasion = b.add(
            &s(&["转移财产", "规避执行"]),
            &s(&["未发现", "迹象"]),
            &[Field::Reason],
        );
        let no_assets = b.add(
            &s(&["无财产", "未发现…可供执行…财产"]),
            &s(&["迹象"]),
            &[Field::Reason],
        );
        let petition = b.add(&s(&["上访", "信访局"]), &s(&["暂无"]), &[Field::Reason]);
        let m = b.build();
        let f = m.analyse(Field::Reason, "被执行人转移财产");
        assert_eq!(
            f.hits,
            vec![Hit {
                set: evasion,
                word: 0
            }]
        );
        // negated in the same clause: no evasion, and the clause is understood
        let f = m.analyse(
            Field::Reason,
            "被执行人已到庭，未发现转移财产迹象，正在协商履行",
        );
        assert!(f.hits.is_empty(), "{:?}", f.hits);
        assert_eq!(f.unmatched, vec!["被执行人已到庭", "正在协商履行"]);
        // a gap pattern within one clause
        let f = m.analyse(Field::Reason, "经网络查控，未发现被执行人有可供执行的财产");
        assert_eq!(
            f.hits,
            vec![Hit {
                set: no_assets,
                word: 1
            }]
        );
        // 信访局 is a word of its own: the phrase 信访局 matches it
        let f = m.analyse(Field::Reason, "申请人到市信访局反映；暂无上访情况");
        assert_eq!(
            f.hits,
            vec![Hit {
                set: petition,
                word: 1
            }]
        );
        // the field filter
        assert!(m.analyse(Field::Note, "被执行人转移财产").hits.is_empty());
        // a rule word inside a longer word of which it is a word: 多次上访 ⊃ 上访
        let f = m.analyse(Field::Reason, "申请人多次上访");
        assert_eq!(
            f.hits,
            vec![Hit {
                set: petition,
                word: 0
            }]
        );
    }

    #[test]
    fn full_stops_in_a_rule_word_are_its_gap() {
        // Red-team round 37 (e-ascii-dots-in-rule-word-never-match): 多次...投诉 typed
        // without an IME was taken literally and never fired.
        let mut b = MatcherBuilder::default();
        let set = b.add(
            &s(&["多次...投诉", "查封。。。流拍", "多次．．信访"]),
            &[],
            &[Field::Reason],
        );
        let m = b.build();
        for (text, word) in [
            ("申请人多次到法院投诉", 0),
            ("查封房产后流拍", 1),
            ("多次到省里信访", 2),
        ] {
            assert_eq!(
                m.analyse(Field::Reason, text).hits,
                vec![Hit { set, word }],
                "{text}"
            );
        }
        assert_eq!(gaps_as_ellipsis("1.5倍"), "1.5倍", "one full stop is kept");
    }

    #[test]
    fn no_assets_in_the_ledger_phrases_with_mingxia() {
        // Red-team round 37 (e-mingxia-wu-caichan-no-cause).
        let mut b = MatcherBuilder::default();
        let set = b.add(&s(&["无财产"]), &[], &[Field::Reason]);
        let m = b.build();
        for text in [
            "被执行人名下无财产",
            "经查询,被执行人名下无财产",
            "被执行人无财产",
        ] {
            assert_eq!(
                m.analyse(Field::Reason, text).hits,
                vec![Hit { set, word: 0 }],
                "{text}"
            );
        }
    }

    #[test]
    fn no_match_across_word_boundaries() {
        let mut b = MatcherBuilder::default();
        let none = b.add(&s(&["无", "未"]), &[], &[Field::Reason]);
        let m = b.build();
        assert!(m
            .analyse(Field::Reason, "无法联系到被执行人")
            .hits
            .is_empty());
        assert!(m.analyse(Field::Reason, "尚未采取执行措施").hits.is_empty());
        assert_eq!(
            m.analyse(Field::Reason, "被执行人名下无房产").hits,
            vec![Hit { set: none, word: 0 }]
        );
    }

    /// r-negated-migrant-wages-counts-as-hardship: a word within a negated word of another
    /// rule of the same file is negated too (农民工 in 未拖欠农民工工资), also when that
    /// rule is turned off; not a word of another file, nor one after the negated word.
    #[test]
    fn a_word_within_another_rules_negated_word_is_negated() {
        let negation = Negation {
            words: s(&["未", "不存在"]),
            linking: s(&["申请执行人", "系"]),
        };
        let texts = [
            "经核实，未拖欠农民工工资",
            "申请执行人系农民工",
            "被执行人未支付农民工工资",
            "未拖欠工资申请执行人系农民工",
        ];
        let hardship_hits = |b: MatcherBuilder, hardship: u32| -> Vec<bool> {
            let m = b.build();
            texts
                .iter()
                .map(|t| m.analyse(Field::Note, t).sets() & set_bit(hardship) != 0)
                .collect()
        };
        let expected = vec![false, true, true, true];
        // both rules in effect
        let mut b = MatcherBuilder::default();
        let n = b.negation(&negation);
        let hardship = b.add_negated(&s(&["农民工", "低保"]), &[], &[Field::Note], Some(n));
        b.add_negated(
            &s(&["拖欠农民工工资", "拖欠工资"]),
            &[],
            &[Field::Note],
            Some(n),
        );
        assert_eq!(hardship_hits(b, hardship), expected);
        // the wages rule turned off: its words still bound the negation
        let mut b = MatcherBuilder::default();
        let n = b.negation(&negation);
        let hardship = b.add_negated(&s(&["农民工", "低保"]), &[], &[Field::Note], Some(n));
        b.negation_scope(n, &s(&["拖欠农民工工资", "拖欠工资"]));
        assert_eq!(hardship_hits(b, hardship), expected);
        // the word of another file (its own negations) does not
        let mut b = MatcherBuilder::default();
        let n = b.negation(&negation);
        let other = b.negation(&negation);
        let hardship = b.add_negated(&s(&["农民工"]), &[], &[Field::Note], Some(n));
        b.add_negated(&s(&["拖欠农民工工资"]), &[], &[Field::Note], Some(other));
        assert_eq!(hardship_hits(b, hardship), vec![true, true, true, true]);
    }

    #[test]
    fn batch_analysis_equals_one_by_one() {
        let mut b = MatcherBuilder::default();
        b.add(&s(&["下落不明"]), &[], &[Field::Reason, Field::Note]);
        b.add(&s(&["流拍"]), &[], &[Field::Reason]);
        let m = b.build();
        let texts = [
            (Field::Reason, "被执行人下落不明；查封房产流拍"),
            (Field::Note, "查封房产流拍；见卷宗"),
            (Field::Reason, "见卷宗"),
        ];
        let all = m.analyse_all(&texts);
        for (t, f) in texts.iter().zip(&all) {
            let one = m.analyse(t.0, t.1);
            assert_eq!(one.hits, f.hits);
            assert_eq!(one.unmatched, f.unmatched);
        }
        assert_eq!(all[1].unmatched, vec!["查封房产流拍", "见卷宗"]);
    }
}
