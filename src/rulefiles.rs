//! Which configuration files a run read: each rule, profile and reference file either from
//! the folder the pipeline or the command named, or built in.
//!
//! A rules folder replaces a built-in file only where it holds one of the same name, so
//! two runs of the same pipeline can be classified under different rules without a word
//! (a closure-methods.toml that reads 已移送 as closed, a dedup.toml with another
//! threshold). The manifest and the report list every file with its path or "(built-in)",
//! and an evaluation compares the two runs' lists.

use std::path::Path;

/// The rule files of `pipelines/rules/` a run reads, by the stage that reads them.
pub const INGEST_RULES: [&str; 3] = ["closure-methods.toml", "parties.toml", "rows.toml"];
pub const DEDUP_RULES: [&str; 1] = ["dedup.toml"];
pub const CLASSIFY_RULES: [&str; 4] = [
    "backlog.toml",
    "categories.toml",
    "root-causes.toml",
    "census.toml",
];
pub const PROJECTION_RULES: [&str; 1] = ["projection.toml"];

/// `dir/name` when the folder holds it (it replaces the built-in file), else
/// `(built-in) name`, as every rule loader names its origin.
pub fn origin(dir: Option<&Path>, name: &str) -> String {
    match dir.map(|d| d.join(name)) {
        Some(p) if p.is_file() => p.display().to_string(),
        _ => format!("(built-in) {name}"),
    }
}

/// The header profiles: the folder's `*.toml`, and the built-in ones it does not replace.
pub fn profiles(dir: Option<&Path>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut own: Vec<String> = Vec::new();
    if let Some(Ok(entries)) = dir.map(std::fs::read_dir) {
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for p in paths {
            own.push(
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            out.push(p.display().to_string());
        }
    }
    for name in crate::ingest::profile::built_in_names() {
        if !own.iter().any(|o| o == name) {
            out.push(format!("(built-in) profiles/{name}"));
        }
    }
    out
}

/// The 案号 reference tables this process parses with (`--reference`, `inputs.reference`).
pub fn reference() -> Vec<String> {
    let dir = crate::casenum::tables::reference_dir();
    ["court-codes.toml", "case-types.toml"]
        .iter()
        .map(|n| origin(dir, n))
        .collect()
}

/// What ingest reads: its rule files, the profiles and the reference tables.
pub fn ingest(rules_dir: Option<&Path>, profiles_dir: Option<&Path>) -> Vec<String> {
    let mut out: Vec<String> = INGEST_RULES.iter().map(|n| origin(rules_dir, n)).collect();
    out.extend(profiles(profiles_dir));
    out.extend(reference());
    out
}

/// What a whole run (`caseflow run`) reads, stage by stage.
pub fn run(rules_dir: Option<&Path>, profiles_dir: Option<&Path>, projection: bool) -> Vec<String> {
    let mut out = ingest(rules_dir, profiles_dir);
    let projection: &[&str] = if projection { &PROJECTION_RULES } else { &[] };
    let more = DEDUP_RULES.iter().chain(&CLASSIFY_RULES).chain(projection);
    out.extend(more.map(|n| origin(rules_dir, n)));
    out
}

/// The text of a built-in rule or reference file, by file name.
pub fn built_in(name: &str) -> Option<&'static str> {
    Some(match name {
        "backlog.toml" => include_str!("../pipelines/rules/backlog.toml"),
        "categories.toml" => include_str!("../pipelines/rules/categories.toml"),
        "root-causes.toml" => include_str!("../pipelines/rules/root-causes.toml"),
        "census.toml" => include_str!("../pipelines/rules/census.toml"),
        "closure-methods.toml" => include_str!("../pipelines/rules/closure-methods.toml"),
        "parties.toml" => include_str!("../pipelines/rules/parties.toml"),
        "rows.toml" => include_str!("../pipelines/rules/rows.toml"),
        "dedup.toml" => include_str!("../pipelines/rules/dedup.toml"),
        "projection.toml" => include_str!("../pipelines/rules/projection.toml"),
        "court-codes.toml" => include_str!("../pipelines/reference/court-codes.toml"),
        "case-types.toml" => include_str!("../pipelines/reference/case-types.toml"),
        _ => return None,
    })
}

/// The file name of an origin (`/x/rules/backlog.toml`, `(built-in) backlog.toml`).
fn file_name(origin: &str) -> &str {
    let o = origin.strip_prefix("(built-in) ").unwrap_or(origin);
    o.rsplit(['/', '\\']).next().unwrap_or(o)
}

/// The text a run read for `origin`, when it can still be had (a file since removed
/// cannot be compared).
fn text_of(origin: &str) -> Option<String> {
    match origin.strip_prefix("(built-in) ") {
        Some(name) => built_in(name).map(str::to_string),
        None => crate::textio::read_config(Path::new(origin)).ok(),
    }
}

/// The rule and reference files two runs read that differ in content, as (file name,
/// origin in `a`, origin in `b`): files of the same name compared by text, so that the
/// same rules copied into another folder are no difference and an edit in place is one.
pub fn differences(a: &[String], b: &[String]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for oa in a {
        let name = file_name(oa);
        if built_in(name).is_none() {
            continue; // profiles: header synonyms, not what a figure counts
        }
        let Some(ob) = b.iter().find(|o| file_name(o) == name) else {
            continue;
        };
        if oa == ob && !oa.starts_with("(built-in) ") {
            // The same file for both runs: it may have been edited between them, which
            // the runs' own records (classify.json) show.
            continue;
        }
        if let (Some(ta), Some(tb)) = (text_of(oa), text_of(ob)) {
            if ta != tb {
                out.push((name.to_string(), oa.clone(), ob.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_compare_texts_not_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let same = dir.path().join("backlog.toml");
        std::fs::write(&same, built_in("backlog.toml").unwrap()).unwrap();
        let other_dir = dir.path().join("b");
        std::fs::create_dir(&other_dir).unwrap();
        let edited = other_dir.join("backlog.toml");
        std::fs::write(
            &edited,
            built_in("backlog.toml")
                .unwrap()
                .replace("months = 6", "months = 4"),
        )
        .unwrap();
        let built = vec!["(built-in) backlog.toml".to_string()];
        let copy = vec![same.display().to_string()];
        let changed = vec![edited.display().to_string()];
        assert!(
            differences(&built, &copy).is_empty(),
            "a copy is the same rules"
        );
        let d = differences(&built, &changed);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "backlog.toml");
        assert_eq!(d[0].2, edited.display().to_string());
    }
}
