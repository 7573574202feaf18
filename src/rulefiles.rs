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

/// Every rule file a rules folder may hold (`pipelines/rules/`): a `.toml` of another name
/// there is read by nothing.
pub const ALL_RULES: [&str; 10] = [
    "backlog.toml",
    "categories.toml",
    "census.toml",
    "closure-methods.toml",
    "dedup.toml",
    "parties.toml",
    "projection.toml",
    "ratios.toml",
    "root-causes.toml",
    "rows.toml",
];

/// The 案号 reference tables (`pipelines/reference/`).
pub const REFERENCE_FILES: [&str; 2] = ["court-codes.toml", "case-types.toml"];

/// A rules folder given on the command line (`--rules DIR`), checked as [`check_rules_dir`]
/// does: clap's value parser, so every command that takes the option refuses alike.
pub fn rules_dir_arg(s: &str) -> std::result::Result<std::path::PathBuf, String> {
    let dir = std::path::PathBuf::from(s);
    check_rules_dir(&dir)?;
    Ok(dir)
}

/// Why a rules folder cannot be the one meant: it is no folder, or it holds a `.toml` that
/// no stage reads (backlogs.toml, census.TOML, Backlog.toml). A rule file replaces the
/// built-in one by its exact name, so a file saved under another name would leave the
/// built-in rule in force without a word while the statistician believes their change is
/// in; it is refused, naming the file and the name it most likely meant. A backup kept
/// beside them takes another ending (backlog.toml.bak) or a folder of its own.
pub fn check_rules_dir(dir: &Path) -> std::result::Result<(), String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut stray: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        // Hidden files are no one's rules: a Mac's ._backlog.toml beside a copied file, an
        // editor's lock .#backlog.toml. The 案号 reference tables may share the folder
        // (`inputs.reference` naming it too).
        .filter(|n| {
            n.rsplit_once('.')
                .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("toml"))
                && !n.starts_with('.')
                && !ALL_RULES.contains(&n.as_str())
                && !REFERENCE_FILES.contains(&n.as_str())
        })
        .collect();
    stray.sort();
    let Some(name) = stray.first() else {
        return Ok(());
    };
    let lower = name.to_lowercase();
    let nearest = ALL_RULES
        .iter()
        .min_by_key(|r| strsim::levenshtein(&lower, r))
        .filter(|r| strsim::levenshtein(&lower, r) <= 3)
        .map_or(String::new(), |r| format!(" (did you mean {r}?)"));
    Err(format!(
        "{}: no rule file of that name{nearest}; a rules folder replaces the built-in rules \
         file by file, by these names: {}. Rename it, or move it out of the folder (a backup \
         as {name}.bak)",
        dir.join(name).display(),
        ALL_RULES.join(", ")
    ))
}

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
    REFERENCE_FILES.iter().map(|n| origin(dir, n)).collect()
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
        Some(name) => built_in(name)
            .or_else(|| {
                name.strip_prefix("profiles/")
                    .and_then(crate::ingest::profile::built_in_text)
            })
            .map(str::to_string),
        None => crate::textio::read_config(Path::new(origin)).ok(),
    }
}

/// The SHA-256 of each rule and reference file's text as the run read it, by origin:
/// recorded with the run (`parameters.rule_digests` in manifest.json, `rule_digests` in
/// classify.json) so that a later comparison sees the rules the figures were made under,
/// not the file as it is when compared (a rules folder edited in place between the
/// baseline and the end of a campaign). The header profiles too: a synonym taken out of a
/// profile (备注 no longer read as the note) moves cases between categories as surely as a
/// rule does.
pub fn digests(origins: &[String]) -> std::collections::BTreeMap<String, String> {
    use sha2::{Digest, Sha256};
    origins
        .iter()
        .filter_map(|o| {
            let text = text_of(o)?;
            let hash = Sha256::digest(text.as_bytes());
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            Some((o.clone(), hex))
        })
        .collect()
}

/// The rule and reference files two runs read that differ in content, as (file name,
/// origin in `a`, origin in `b`): files of the same name compared by text, so that the
/// same rules copied into another folder are no difference and an edit in place is one.
/// `digest_a` and `digest_b` are the runs' recorded [`digests`]: where both runs recorded
/// one for the file, they are compared (what each run read); a run made before digests
/// were recorded is compared by the file's text now, except one path both runs read (it
/// may have been edited between them, which the runs' own records show in part:
/// classify.json's periods and backlog rule).
pub fn differences(
    a: &[String],
    b: &[String],
    digest_a: &std::collections::BTreeMap<String, String>,
    digest_b: &std::collections::BTreeMap<String, String>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for oa in a {
        // Rules, reference tables and header profiles alike: a profile's synonyms decide
        // which column a field is read from, and so what a figure counts.
        let name = file_name(oa);
        let Some(ob) = b.iter().find(|o| file_name(o) == name) else {
            continue;
        };
        if let (Some(da), Some(db)) = (digest_a.get(oa), digest_b.get(ob)) {
            if da != db {
                let (oa, ob) = if oa == ob {
                    (
                        format!("{oa} (as read then)"),
                        format!("{ob} (edited since)"),
                    )
                } else {
                    (oa.clone(), ob.clone())
                };
                out.push((name.to_string(), oa, ob));
            }
            continue;
        }
        if oa == ob && !oa.starts_with("(built-in) ") {
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
        let none = Default::default();
        assert!(
            differences(&built, &copy, &none, &none).is_empty(),
            "a copy is the same rules"
        );
        let d = differences(&built, &changed, &none, &none);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "backlog.toml");
        assert_eq!(d[0].2, edited.display().to_string());
        // With digests recorded, what each run read counts, not the files now.
        let (db, dc) = (digests(&built), digests(&changed));
        assert_eq!(differences(&built, &changed, &db, &dc).len(), 1);
        assert!(differences(&built, &copy, &db, &digests(&copy)).is_empty());
    }

    #[test]
    fn a_file_edited_in_place_between_runs_is_a_difference() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("categories.toml");
        std::fs::write(&path, built_in("categories.toml").unwrap()).unwrap();
        let origins = vec![path.display().to_string()];
        let before = digests(&origins);
        assert_eq!(before.len(), 1);
        std::fs::write(
            &path,
            format!("{}\n# edited\n", built_in("categories.toml").unwrap()),
        )
        .unwrap();
        let after = digests(&origins);
        let d = differences(&origins, &origins, &before, &after);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].1.contains("as read then") && d[0].2.contains("edited since"));
        // Unchanged: no difference, and without digests the same path is not compared.
        assert!(differences(&origins, &origins, &after, &after).is_empty());
        let none = Default::default();
        assert!(differences(&origins, &origins, &none, &none).is_empty());
        // Profiles are recorded too (a synonym moves cases as a rule does); a file that
        // cannot be read is not.
        assert_eq!(
            digests(&["(built-in) profiles/cases-standard.toml".to_string()]).len(),
            1
        );
        assert!(digests(&["(built-in) profiles/system_a.toml".to_string()]).is_empty());
    }

    /// Every file of pipelines/rules is one a rules folder may hold.
    #[test]
    fn the_rule_files_are_those_of_pipelines_rules() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/rules");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ALL_RULES);
        assert_eq!(check_rules_dir(&dir), Ok(()));
    }

    /// t-misnamed-rules-file-silently-ignored: a rule file saved as backlogs.toml or
    /// census.TOML left the built-in rule in force without a word. It is refused, naming
    /// it and the file it most likely meant; a backup under another ending, hidden files
    /// and the reference tables are let be (the review of round 52).
    #[test]
    fn a_misnamed_rule_file_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "backlog.toml.bak",
            "notes.txt",
            "._backlog.toml",
            ".#rows.toml",
            "court-codes.toml",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(check_rules_dir(dir.path()), Ok(()));
        for (name, meant) in [
            ("backlogs.toml", "backlog.toml"),
            ("census.TOML", "census.toml"),
            ("Rows.toml", "rows.toml"),
        ] {
            let p = dir.path().join(name);
            std::fs::write(&p, "").unwrap();
            let e = check_rules_dir(dir.path()).unwrap_err();
            assert!(
                e.contains(name) && e.contains(&format!("did you mean {meant}")),
                "{e}"
            );
            std::fs::remove_file(p).unwrap();
        }
        std::fs::write(dir.path().join("my-own.toml"), "").unwrap();
        let e = check_rules_dir(dir.path()).unwrap_err();
        assert!(
            e.contains("my-own.toml") && !e.contains("did you mean"),
            "{e}"
        );
        assert!(check_rules_dir(&dir.path().join("nowhere")).is_err());
    }
}
