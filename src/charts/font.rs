//! The CJK font the charts draw with, found and loaded at run time.
//!
//! plotters' `ab_glyph` text backend does no system font lookup: it uses the font bytes it
//! is given (caseflow also rasterises PNG text from the same bytes, see `draw`). That keeps
//! the build free of fontconfig (a fresh machine builds caseflow with `cargo build` alone),
//! but makes the font a run-time requirement. A
//! machine without a CJK font would draw every Chinese character as a box, which a
//! statistician would only notice in front of the leadership meeting; so a missing or
//! unusable font is a usage error naming the fix, never a silent fallback.
//!
//! Constraints of the backend (TOOLCHAIN.md): only face 0 of a `.ttc` collection is used
//! (WenQuanYi's face 0 is Simplified Chinese; Noto CJK's face 0 is the Japanese face, so
//! the Simplified-Chinese `.otf` is preferred where installed), and the font must cover
//! ASCII as well (Droid Sans Fallback does not: digits would become boxes). Both are
//! checked before the font is used.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters::style::{register_font, FontStyle};

use crate::{Error, Result};

/// The family every chart text uses. plotters writes it verbatim into the SVG
/// `font-family` attribute, so it is a CSS font stack: a browser picks the first CJK font
/// it has. The loaded font is registered under this same name for the PNG rendering.
pub const FAMILY: &str =
    "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Environment variable naming a font file that overrides the search.
pub const FONT_ENV: &str = "CASEFLOW_FONT";

/// Where Debian/Ubuntu (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk), Fedora and
/// Windows keep a Simplified-Chinese font with ASCII, best first.
pub const CANDIDATES: [&str; 9] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// Characters a usable font must have: digits and Latin letters (axis ticks, English
/// labels) and the Chinese of the chart titles.
const MUST_COVER: &str = "0123456789%ABCabc执行积案结收比万元";

const FIX: &str = "run scripts/setup, or `apt-get install fonts-wqy-microhei`, or set \
CASEFLOW_FONT to a TrueType/OpenType font file with Simplified Chinese and ASCII";

/// The font in use, for the report's method notes.
#[derive(Debug, Clone)]
pub struct LoadedFont {
    pub path: PathBuf,
}

/// Checks that `bytes` parse as a font (face 0) covering [`MUST_COVER`].
fn check_font(bytes: &[u8]) -> std::result::Result<(), String> {
    let font = FontRef::try_from_slice(bytes).map_err(|e| format!("not a font: {e}"))?;
    let missing: String = MUST_COVER
        .chars()
        .filter(|&c| font.glyph_id(c).0 == 0)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("its first face has no glyph for {missing:?}"))
    }
}

/// Finds a usable font: `CASEFLOW_FONT` when set (an error when it is not usable), else
/// the first usable file of `candidates`. Returns the path and the bytes.
pub fn find_font(env: Option<&Path>, candidates: &[&Path]) -> Result<(PathBuf, Vec<u8>)> {
    if let Some(p) = env {
        let bytes = std::fs::read(p).map_err(|e| {
            Error::Usage(format!(
                "{FONT_ENV}={}: cannot read the font file ({e}); {FIX}",
                p.display()
            ))
        })?;
        check_font(&bytes).map_err(|why| {
            Error::Usage(format!(
                "{FONT_ENV}={}: unusable for Chinese charts: {why}; {FIX}",
                p.display()
            ))
        })?;
        return Ok((p.to_path_buf(), bytes));
    }
    let mut tried = Vec::new();
    for p in candidates {
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        match check_font(&bytes) {
            Ok(()) => return Ok((p.to_path_buf(), bytes)),
            Err(why) => tried.push(format!("{} ({why})", p.display())),
        }
    }
    let seen = if tried.is_empty() {
        String::new()
    } else {
        format!(" (found but unusable: {})", tried.join("; "))
    };
    Err(Error::Usage(format!(
        "no Chinese font found for the charts{seen}: {FIX}"
    )))
}

static LOADED: OnceLock<std::result::Result<(LoadedFont, FontRef<'static>), String>> =
    OnceLock::new();

/// Loads the font once per process and registers it under [`FAMILY`] for every style the
/// charts use. The bytes are leaked on purpose: plotters keeps a `'static` reference, and
/// one font lives as long as the process anyway.
pub fn ensure_font() -> Result<LoadedFont> {
    loaded().map(|(l, _)| l)
}

/// The loaded font itself, for drawing text into PNGs with correct glyph bearings.
pub fn font_ref() -> Result<FontRef<'static>> {
    loaded().map(|(_, f)| f)
}

fn loaded() -> Result<(LoadedFont, FontRef<'static>)> {
    let r = LOADED.get_or_init(|| {
        let env = std::env::var_os(FONT_ENV).filter(|v| !v.is_empty());
        let candidates: Vec<&Path> = CANDIDATES.iter().map(Path::new).collect();
        let (path, bytes) =
            find_font(env.as_deref().map(Path::new), &candidates).map_err(|e| e.to_string())?;
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        for style in [FontStyle::Normal, FontStyle::Bold] {
            register_font(FAMILY, style, bytes)
                .map_err(|_| format!("{}: plotters cannot use this font; {FIX}", path.display()))?;
        }
        let font =
            FontRef::try_from_slice(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((LoadedFont { path }, font))
    });
    r.clone().map_err(Error::Usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_font_names_the_fix() {
        let err = find_font(None, &[Path::new("/nonexistent/font.ttc")]).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Usage(_)));
        assert!(msg.contains("scripts/setup"), "{msg}");
        assert!(msg.contains("fonts-wqy-microhei"), "{msg}");
        assert!(msg.contains("CASEFLOW_FONT"), "{msg}");
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.ttf");
        std::fs::write(&p, b"not a font").unwrap();
        let err = find_font(Some(&p), &[]).unwrap_err().to_string();
        assert!(err.contains("not a font"), "{err}");
        // Found in the search but unusable: said so.
        let err = find_font(None, &[p.as_path()]).unwrap_err().to_string();
        assert!(err.contains("unusable"), "{err}");
    }

    #[test]
    fn a_latin_only_font_is_refused() {
        let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        if !dejavu.exists() {
            return;
        }
        let err = find_font(Some(dejavu), &[]).unwrap_err().to_string();
        assert!(err.contains("no glyph for"), "{err}");
    }
}
