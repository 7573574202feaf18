//! Excel's lock files: the `~$exports.xlsx` beside a workbook that is open.
//!
//! While a statistician has `exports.xlsx` open, Excel (and WPS) keeps a hidden owner file
//! `~$exports.xlsx` of about 165 bytes in the same folder, holding the name of the user who
//! opened it. It is never data, but an input glob such as `*.xlsx` matches it, and read as
//! a workbook it gives "no header row … Administrator", which reads as a broken export. A
//! pipeline's glob therefore skips it with a note (the workbook beside it is read as
//! usual), and a lock file named on its own is refused with a message that says what it is.

use std::io::Read;
use std::path::Path;

/// Owner files are 162 or 165 bytes; anything much larger named `~$…` is something else.
const MAX_LOCK_FILE_BYTES: u64 = 4096;

/// True when `path` is an Office owner file: named `~$…`, small, and not itself a workbook
/// (a zip or an OLE container, which a statistician may have named `~$…` on purpose).
pub fn is_lock_file(path: &Path) -> bool {
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"));
    if !named {
        return false;
    }
    let small =
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= MAX_LOCK_FILE_BYTES);
    if !small {
        return false;
    }
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    !(head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
}

/// Why a lock file is no input, for the terminal, the manifest and an error:
/// names the workbook it locks when that workbook is beside it.
pub fn why(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let locked = name.strip_prefix("~$").unwrap_or(&name);
    let beside = path.with_file_name(locked);
    if !locked.is_empty() && beside.is_file() {
        format!(
            "{name} is the lock file Excel (or WPS) keeps while {locked} is open, not an export"
        )
    } else {
        format!(
            "{name} is a lock file Excel (or WPS) keeps while a workbook is open (~$ before \
             the workbook's name), not an export"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owner_file_is_a_lock_file_and_a_workbook_named_so_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let owner = dir.path().join("~$exports.xlsx");
        // Excel's owner file: a length byte, the user name, padding.
        let mut bytes = vec![13u8];
        bytes.extend_from_slice(b"Administrator");
        bytes.resize(165, b' ');
        std::fs::write(&owner, &bytes).unwrap();
        assert!(is_lock_file(&owner));
        assert!(
            why(&owner).contains("a workbook is open"),
            "{}",
            why(&owner)
        );
        std::fs::write(dir.path().join("exports.xlsx"), b"PK\x03\x04").unwrap();
        assert!(
            why(&owner).contains("while exports.xlsx is open"),
            "{}",
            why(&owner)
        );

        let real = dir.path().join("~$2024年.xlsx");
        std::fs::write(&real, b"PK\x03\x04 rest of a zip").unwrap();
        assert!(!is_lock_file(&real));
        let plain = dir.path().join("exports.csv");
        std::fs::write(&plain, b"x").unwrap();
        assert!(!is_lock_file(&plain));
        assert!(!is_lock_file(&dir.path().join("~$missing.xlsx")));
    }
}
