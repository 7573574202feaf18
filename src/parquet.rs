//! Writing Parquet tables: one set of settings for every stage.
//!
//! polars 0.55's `ParquetWriter::finish` hands each column to the file writer as a lazy
//! iterator of pages, so the encoding (Dremel levels of the list columns, hybrid-RLE, the
//! dictionary keys) and the compression of every page happen one after another on the
//! calling thread; only the dictionary attempt runs on the pool. Here every column of every
//! row group is encoded and compressed on the rayon pool into finished pages, and the file
//! writer only copies them out, in column order: the bytes are those a serial writer with
//! the same settings would produce, whatever the number of threads. Pages are compressed
//! through a zstd context and buffer kept per thread (polars makes a context per page and
//! gives each page a zero-filled buffer of the worst-case size, which the page keeps): the
//! same bytes; on dedup's 1M-row bench 0.05–0.2 s less and 120 MB less peak memory.
//!
//! The settings, measured on the 1M-row bench tables (ingest's `cases.parquet`, dedup's
//! `cases_dedup.parquet`, classify's `cases_classified.parquet`; BENCHMARKS.md):
//! - zstd level 1: 6–9 % less CPU than level 3; ingest's and dedup's files as small or
//!   smaller, classify's 10 % bigger. lz4 and snappy were no faster here (compression is a
//!   small part of the write) and made files 6–9× bigger; uncompressed 50×.
//! - statistics: null counts for every column, min/max only for numbers, dates and
//!   booleans. The string and list min/max (a `memcmp` per value) took 10–20 % of the write
//!   and serve almost nobody: the tables are not sorted by any string column, so a row
//!   group spans nearly all of a column's values and DuckDB or polars
//!   seldom skips one on them; the min/max of dates, years and amounts cost almost nothing
//!   and stay for range filters. The file carries no page index (polars 0.55 never reads
//!   one; DuckDB skips row groups by the column-chunk statistics, which are kept).
//! - dictionaries only where at most one value in ten is distinct (estimated per column
//!   chunk; polars tries one up to three in four). On dedup's `cases_dedup.parquet` (basis
//!   numbers, names: a third to a half distinct) the dictionary's hash table cost 5 % of the
//!   write's CPU time and the file was 6 % bigger than with plain values under zstd. The
//!   share is estimated on every eighth value first and in full only when that sample
//!   cannot tell; list values are not estimated (polars 0.55 writes them plain anyway);
//!   a column that gets a dictionary is handed to polars as one, which spares its own
//!   second estimate. Together 0.2–0.4 CPU-s less in dedup's writes, the same bytes.
//! - row groups of up to 1,048,576 rows (pyarrow's default; polars' is 262,144): a table
//!   of up to a million rows is one row group, which polars reads into one chunk per
//!   column. With several row groups every stage that reads the table by row index first
//!   had to concatenate the chunks (dedup's read of the 986,380-row bench: 1.1–1.2 CPU-s
//!   and 1.2 GB at 262,144 rows per group, 0.7–0.8 CPU-s and 0.9 GB in one group). The
//!   write costs the same; files are 1–3 % smaller. DuckDB scans a row group on one
//!   thread, which for a million rows is a fraction of a second. Pages of polars' default
//!   1 MiB.

use std::io::Write;
use std::path::Path;

use polars::frame::chunk_df_for_writing;
use polars::polars_utils::compression::ZstdLevel;
use polars::prelude::*;
use polars_arrow::array::{Array, ListArray};
use polars_arrow::datatypes::{IdxArr, IntegerType};
use polars_parquet::parquet::compression::Compression;
use polars_parquet::parquet::error::ParquetResult;
use polars_parquet::parquet::page::{CompressedDictPage, DataPageHeader};
use polars_parquet::parquet::CowBuffer;
use polars_parquet::read::ParquetError;
use polars_parquet::write::{
    array_to_columns, get_dtype_encoding, to_parquet_schema, CompressedDataPage, CompressedPage,
    CompressionOptions, Encoding, Page, StatisticsOptions as PageStatistics, Version, WriteOptions,
};
use rayon::prelude::*;

use crate::{textio, Error, Result};

/// Rows per row group when a frame is written whole (see the module comment).
pub const ROW_GROUP_ROWS: usize = 1 << 20;

/// zstd level 1: see the module comment.
const ZSTD_LEVEL: i32 = 1;

fn compression() -> PolarsResult<ParquetCompression> {
    Ok(ParquetCompression::Zstd(Some(ZstdLevel::try_new(
        ZSTD_LEVEL,
    )?)))
}

/// Statistics for the file writer as a whole: none, so that it writes no page index (the
/// column-chunk statistics come from each column's own pages, see [`column_options`]).
fn file_statistics() -> StatisticsOptions {
    StatisticsOptions {
        min_value: false,
        max_value: false,
        distinct_count: false,
        null_count: false,
        binary_statistics_truncate_length: None,
    }
}

/// The page options of one column: min/max only where they are cheap and can prune.
fn column_options(dtype: &ArrowDataType, compression: CompressionOptions) -> WriteOptions {
    let min_max = matches!(
        dtype.to_storage(),
        ArrowDataType::Boolean
            | ArrowDataType::Int8
            | ArrowDataType::Int16
            | ArrowDataType::Int32
            | ArrowDataType::Int64
            | ArrowDataType::UInt8
            | ArrowDataType::UInt16
            | ArrowDataType::UInt32
            | ArrowDataType::UInt64
            | ArrowDataType::Float32
            | ArrowDataType::Float64
            | ArrowDataType::Date32
            | ArrowDataType::Date64
            | ArrowDataType::Time32(_)
            | ArrowDataType::Time64(_)
            | ArrowDataType::Timestamp(..)
            | ArrowDataType::Duration(_)
    );
    WriteOptions {
        statistics: PageStatistics {
            min_value: min_max,
            max_value: min_max,
            distinct_count: false,
            null_count: true,
            binary_statistics_truncate_length: None,
        },
        compression,
        version: Version::V1,
        data_page_size: None,
    }
}

/// Writes a frame as Parquet, atomically, in row groups of [`ROW_GROUP_ROWS`] (small
/// chunks are first gathered into row groups of that size).
pub fn write_parquet(path: &Path, df: &mut DataFrame) -> Result<()> {
    let err = |e| Error::polars(format!("writing {}", path.display()), e);
    let chunked = chunk_df_for_writing(df, ROW_GROUP_ROWS).map_err(err)?;
    textio::write_atomic(path, |w| write_watched(path, w, &chunked))
}

/// Writes a frame as Parquet, atomically, one row group per chunk (the chunks must be
/// aligned: the same lengths in every column).
pub fn write_parquet_by_chunk(path: &Path, df: &DataFrame) -> Result<()> {
    textio::write_atomic(path, |w| write_watched(path, w, df))
}

/// [`write_chunks`], with a failure of the file itself said as one: the footer's writer
/// turns an I/O error into "Invalid thrift: transport error", and a full disk read as a
/// corrupt file (h-disk-full-says-invalid-thrift). The first I/O error met is the cause.
fn write_watched(path: &Path, w: &mut dyn Write, df: &DataFrame) -> Result<()> {
    let mut watched = Watched {
        inner: w,
        failed: None,
    };
    write_chunks(&mut watched, df).map_err(|e| match watched.failed.take() {
        Some(io) => Error::output(path, io),
        None => Error::polars(format!("writing {}", path.display()), e),
    })
}

/// A writer that keeps the first I/O error it passed on.
struct Watched<'a> {
    inner: &'a mut dyn Write,
    failed: Option<std::io::Error>,
}

impl Watched<'_> {
    fn seen<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            if self.failed.is_none() {
                self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        r
    }
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.seen(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.seen(r)
    }
}

/// Writes the frame's aligned chunks as row groups, then the footer.
pub fn write_chunks(w: &mut dyn Write, df: &DataFrame) -> PolarsResult<()> {
    let mut writer = RowGroupWriter::new(w, df.schema())?;
    writer.write(df)?;
    writer.finish()
}

/// A Parquet file written row group by row group with the shared settings; each call to
/// [`RowGroupWriter::write`] adds one row group per chunk of the frame.
pub struct RowGroupWriter<W: Write> {
    writer: polars::io::parquet::write::BatchedWriter<W>,
    columns: Columns,
}

/// How each column is encoded: its Parquet type, encodings (polars' choice) and options.
struct Columns {
    fields: Vec<polars_parquet::write::ParquetType>,
    encodings: Vec<Vec<Encoding>>,
    options: Vec<WriteOptions>,
}

impl<W: Write> RowGroupWriter<W> {
    pub fn new(w: W, schema: &Schema) -> PolarsResult<Self> {
        let compression = compression()?;
        let arrow_schema = schema.to_arrow(CompatLevel::newest());
        let fields = to_parquet_schema(&arrow_schema)?.fields().to_vec();
        let encodings = arrow_schema
            .iter_values()
            .map(|f| get_dtype_encoding(&f.dtype))
            .collect();
        let options = arrow_schema
            .iter_values()
            .map(|f| column_options(&f.dtype, compression.into()))
            .collect();
        let writer = ParquetWriter::new(w)
            .with_compression(compression)
            .with_statistics(file_statistics())
            .batched(schema)?;
        Ok(Self {
            writer,
            columns: Columns {
                fields,
                encodings,
                options,
            },
        })
    }

    /// Encodes and compresses every column of every chunk on the pool, then writes the
    /// row groups in order. Row groups are encoded a few at a time, so that the finished
    /// pages held before writing are those of a few row groups, not of the whole table.
    pub fn write(&mut self, df: &DataFrame) -> PolarsResult<()> {
        let batches: Vec<_> = df
            .iter_chunks(CompatLevel::newest(), false)
            .filter(|b| !b.is_empty())
            .collect();
        let width = self.columns.fields.len();
        let window = 2 * rayon::current_num_threads().max(1);
        for batches in batches.chunks(window) {
            let jobs: Vec<(usize, usize)> = (0..batches.len())
                .flat_map(|b| (0..width).map(move |c| (b, c)))
                .collect();
            let columns = &self.columns;
            let encoded: Vec<Vec<Vec<CompressedPage>>> = jobs
                .into_par_iter()
                .map(|(b, c)| columns.encode(&batches[b].columns()[c], c))
                .collect::<PolarsResult<_>>()?;
            let mut encoded = encoded.into_iter();
            for batch in batches {
                let mut group = Vec::with_capacity(width);
                for leaves in encoded.by_ref().take(width) {
                    group.extend(leaves);
                }
                self.writer.write_row_group(batch.len() as u64, &group)?;
            }
        }
        Ok(())
    }

    /// Writes the footer.
    pub fn finish(self) -> PolarsResult<()> {
        self.writer.finish().map(|_| ())
    }
}

impl Columns {
    /// The compressed pages of column `c` of one row group, a list per leaf column.
    fn encode(&self, array: &ArrayRef, c: usize) -> PolarsResult<Vec<Vec<CompressedPage>>> {
        let options = self.options[c];
        let plain = [Encoding::Plain];
        let mut encodings = &self.encodings[c][..];
        // A flat column whose values repeat enough is handed over as a dictionary array:
        // polars then writes its keys without estimating the distinct values a second
        // time (it does for every column it is asked to try a dictionary on).
        let mut as_dictionary = None;
        if encodings == [Encoding::RleDictionary] {
            match dictionary_choice(array.as_ref()) {
                Dictionary::Pays => as_dictionary = to_dictionary(array.as_ref()),
                Dictionary::Try => {}
                Dictionary::No => encodings = &plain[..],
            }
        }
        let array: &dyn Array = as_dictionary.as_deref().unwrap_or(array.as_ref());
        array_to_columns(array, self.fields[c].clone(), options, encodings)?
            .into_iter()
            .map(|pages| {
                pages
                    .map(|page| {
                        let page =
                            page.map_err(|e| ParquetError::FeatureNotSupported(format!("{e}")))?;
                        compress(page, options.compression)
                    })
                    .collect::<ParquetResult<Vec<_>>>()
                    .map_err(PolarsError::from)
            })
            .collect()
    }
}

thread_local! {
    /// Each pool thread's zstd context and output buffer, kept from page to page.
    static ZSTD: std::cell::RefCell<Option<(zstd::bulk::Compressor<'static>, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Compresses one page with zstd at [`ZSTD_LEVEL`], as polars' `compress` would, but
/// through a context and a buffer kept by the thread: polars creates a zstd context per
/// page and hands each page a fresh buffer of the worst-case size, zero-filled (about
/// 1 MiB touched and kept per page of 1 MiB); here the page gets exactly its compressed
/// bytes. The bytes are the same as polars' (same library, same parameters).
fn compress(page: Page, options: CompressionOptions) -> ParquetResult<CompressedPage> {
    // Anything else (another codec or level, a V2 page) goes through polars as it is.
    let level = match options {
        CompressionOptions::Zstd(level) => level.map(|l| l.compression_level()),
        _ => None,
    };
    let v1 = matches!(&page, Page::Data(p) if matches!(p.header(), DataPageHeader::V1(_)));
    if level != Some(ZSTD_LEVEL) || !(v1 || matches!(page, Page::Dict(_))) {
        return polars_parquet::parquet::write::compress(page, vec![], options);
    }
    let bytes = |input: &[u8]| -> ParquetResult<Vec<u8>> {
        ZSTD.with_borrow_mut(|slot| {
            let (context, buffer) = match slot {
                Some(state) => state,
                None => slot.insert((zstd::bulk::Compressor::new(ZSTD_LEVEL)?, Vec::new())),
            };
            buffer.clear();
            buffer.reserve(zstd::zstd_safe::compress_bound(input.len()));
            context.compress_to_buffer(input, buffer)?;
            Ok(buffer.as_slice().to_vec())
        })
        .map_err(|e: std::io::Error| ParquetError::from(e))
    };
    Ok(match page {
        Page::Data(p) => CompressedPage::Data(CompressedDataPage::new(
            p.header().clone(),
            CowBuffer::Owned(bytes(p.buffer())?),
            Compression::Zstd,
            p.buffer().len(),
            p.descriptor.clone(),
            p.num_rows.unwrap_or_else(|| p.num_values()),
        )),
        Page::Dict(p) => CompressedPage::Dict(CompressedDictPage::new(
            CowBuffer::Owned(bytes(&p.buffer)?),
            Compression::Zstd,
            p.buffer.len(),
            p.num_values,
            p.is_sorted,
        )),
    })
}

/// Whether a column chunk is written with a dictionary.
#[derive(Debug, PartialEq)]
enum Dictionary {
    /// Its values repeat a lot: a dictionary, built here.
    Pays,
    /// Left to polars (a few values: it decides cheaply itself).
    Try,
    /// Plain values.
    No,
}

/// Whether a dictionary is worth it for this column chunk: when its values repeat a lot
/// (at most one distinct value in ten, estimated). polars tries one up to three in four;
/// in between, building the dictionary's hash table cost more than it saved, and the file
/// came out bigger than plain values compressed by zstd (see the module comment).
///
/// The share is first estimated on every [`SAMPLE_STEP`]th value, which decides nearly
/// every column: a sample never shows fewer distinct values in proportion than the whole
/// chunk (a repeated value is less likely to be drawn twice), and a chunk with at most one
/// distinct value in ten shows at most [`SAMPLE_PLAIN_ABOVE`] in the sample even when
/// all its values are equally frequent. Only a sample in between is estimated in full.
fn dictionary_choice(array: &dyn Array) -> Dictionary {
    // polars writes a list's values plain whatever it is asked (0.55: dictionaries only
    // for flat columns), so estimating them would be wasted.
    if array.as_any().is::<ListArray<i64>>() {
        return Dictionary::No;
    }
    let n = array.len();
    if n <= 128 {
        return Dictionary::Try;
    }
    let share = |a: &dyn Array| {
        polars_compute::cardinality::estimate_cardinality(a) as f64 / a.len().max(1) as f64
    };
    if n >= 64 * SAMPLE_STEP {
        let every: Vec<IdxSize> = (0..n as IdxSize).step_by(SAMPLE_STEP).collect();
        // SAFETY: every index is below the array's length.
        let sample =
            unsafe { polars_compute::gather::take_unchecked(array, &IdxArr::from_vec(every)) };
        let sampled = share(sample.as_ref());
        if sampled <= DICTIONARY_MAX_DISTINCT {
            return Dictionary::Pays;
        }
        if sampled > SAMPLE_PLAIN_ABOVE {
            return Dictionary::No;
        }
    }
    if share(array) <= DICTIONARY_MAX_DISTINCT {
        Dictionary::Pays
    } else {
        Dictionary::No
    }
}

/// The column as a dictionary array (u32 keys), for the text and binary columns where
/// polars would build the same one; `None` leaves the choice to polars.
fn to_dictionary(array: &dyn Array) -> Option<Box<dyn Array>> {
    let dtype = array.dtype();
    if !matches!(
        dtype.to_storage(),
        ArrowDataType::Utf8View | ArrowDataType::BinaryView
    ) {
        return None;
    }
    let to = ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(dtype.clone()), false);
    polars_compute::cast::cast(array, &to, Default::default()).ok()
}

/// Every how many values the sample of [`dictionary_choice`] takes one.
const SAMPLE_STEP: usize = 8;

/// The largest distinct share in the sample that a chunk of at most
/// [`DICTIONARY_MAX_DISTINCT`] can show: with every eighth value drawn from a chunk of
/// `d = 0.1 n` equally frequent values, the sample of `n / 8` shows `d (1 − e^(−1.25))`,
/// 0.57 of its size; 0.65 leaves room for the estimate's error.
const SAMPLE_PLAIN_ABOVE: f64 = 0.65;

/// The largest share of distinct values at which a dictionary is tried.
const DICTIONARY_MAX_DISTINCT: f64 = 0.1;

#[cfg(test)]
mod tests {
    use super::*;
    use polars_parquet::parquet::page::DictPage;

    fn frame() -> DataFrame {
        let mut list = ListStringChunkedBuilder::new("names".into(), 3, 4);
        list.append_values_iter(["张三", "李四"].into_iter());
        list.append_null();
        list.append_values_iter(["王五"].into_iter());
        let mut df = df!(
            "case_no" => [Some("(2024)浙0603执1号"), None, Some("(2024)浙0603执2号")],
            "claim_fen" => [Some(100_i64), Some(-5), None],
            "closed" => [true, false, true],
        )
        .expect("frame");
        df.with_column(list.finish().into_series().into_column())
            .expect("list column");
        // Two chunks: two row groups when written by chunk.
        let mut two = df.clone();
        two.vstack_mut(&df).expect("vstack");
        two
    }

    fn write(df: &DataFrame) -> Vec<u8> {
        let mut bytes = Vec::new();
        write_chunks(&mut bytes, df).expect("write");
        bytes
    }

    /// A disk that fills after `room` bytes.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// h-disk-full-says-invalid-thrift: a disk that filled while the footer was written
    /// said "Invalid thrift: transport error"; at every point the write fails it is an
    /// output error with the system's reason.
    #[test]
    fn a_full_disk_is_said_as_such_wherever_the_write_stops() {
        let df = frame();
        let whole = write(&df).len();
        for room in [0, 4, whole / 2, whole - 40, whole - 8, whole - 1] {
            let e = write_watched(Path::new("t.parquet"), &mut Full { room }, &df)
                .expect_err("a full disk fails");
            let text = e.to_string();
            assert!(matches!(e, Error::Output { .. }), "{room}: {text}");
            assert!(!text.contains("thrift"), "{room}: {text}");
        }
        write_watched(Path::new("t.parquet"), &mut Full { room: whole }, &df).expect("room");
    }

    /// Each data page compressed through the thread's kept context gives the bytes polars'
    /// own compressor gives it (flat and list columns, plain and dictionary keys); the
    /// dictionary pages' bytes are not exposed, so only their kind is checked here (the
    /// round-trip tests read their values back).
    #[test]
    fn pages_compress_as_polars_compresses_them() {
        let names: Vec<String> = (0..5000).map(|i| format!("被执行人{}", i % 7)).collect();
        let df = df!("names" => names, "n" => (0..5000_i64).collect::<Vec<_>>()).expect("df");
        let options = WriteOptions {
            data_page_size: Some(4096),
            ..column_options(
                &ArrowDataType::Utf8View,
                compression().expect("zstd").into(),
            )
        };
        // The options every table is written with: the kept context's path, not polars'.
        assert!(matches!(options.compression,
            CompressionOptions::Zstd(Some(l)) if l.compression_level() == ZSTD_LEVEL));
        let mut seen = (0, 0);
        for (column, encodings) in [
            (
                df.column("names").expect("names"),
                vec![Encoding::RleDictionary],
            ),
            (df.column("names").expect("names"), vec![Encoding::Plain]),
            (df.column("n").expect("n"), vec![Encoding::Plain]),
            (
                frame().column("names").expect("list"),
                vec![Encoding::Plain],
            ),
        ] {
            let array = column
                .as_materialized_series()
                .rechunk()
                .to_arrow(0, CompatLevel::newest());
            let field = to_parquet_schema(&ArrowSchema::from_iter([ArrowField::new(
                column.name().clone(),
                array.dtype().clone(),
                true,
            )]))
            .expect("schema")
            .fields()[0]
                .clone();
            let leaves =
                array_to_columns(array.as_ref(), field, options, &encodings).expect("pages");
            for pages in leaves {
                for page in pages {
                    let page = page.expect("page");
                    let again = match &page {
                        Page::Data(p) => Page::Data(p.clone()),
                        Page::Dict(p) => Page::Dict(DictPage::new(
                            CowBuffer::Owned(p.buffer.to_vec()),
                            p.num_values,
                            p.is_sorted,
                        )),
                    };
                    let ours = compress(page, options.compression).expect("ours");
                    let theirs = polars_parquet::parquet::write::compress(
                        again,
                        vec![],
                        options.compression,
                    )
                    .expect("polars");
                    match (ours, theirs) {
                        (CompressedPage::Data(mut a), CompressedPage::Data(mut b)) => {
                            assert_eq!(a.uncompressed_size(), b.uncompressed_size());
                            assert_eq!(a.num_rows(), b.num_rows());
                            assert_eq!(&a.slice_mut()[..], &b.slice_mut()[..]);
                            seen.0 += 1;
                        }
                        (CompressedPage::Dict(_), CompressedPage::Dict(_)) => seen.1 += 1,
                        _ => panic!("page kinds differ"),
                    }
                }
            }
        }
        assert!(seen.0 > 4 && seen.1 > 0, "pages seen: {seen:?}");
    }

    #[test]
    fn more_row_groups_than_are_encoded_at_once_come_back_in_order() {
        // 2 × threads row groups are encoded at a time: 3 windows and a part of one
        let groups = 2 * 2 * rayon::current_num_threads().max(1) + 3;
        // one chunk of three rows per group, each group's claims its own
        let piece = |k: i64| {
            let mut p = frame().slice(0, 3);
            let claim = Column::new("claim_fen".into(), [Some(k), None, Some(-k)]);
            p.with_column(claim).expect("claim");
            p
        };
        let mut df = piece(0);
        for k in 1..groups {
            df.vstack_mut(&piece(k as i64)).expect("vstack");
        }
        let bytes = write(&df);
        let mut cursor = std::io::Cursor::new(bytes.clone());
        let meta = polars_parquet::read::read_metadata(&mut cursor).expect("metadata");
        assert_eq!(meta.row_groups.len(), groups);
        let back = ParquetReader::new(cursor).finish().expect("read");
        assert!(back.equals_missing(&df));
        assert_eq!(bytes, write(&df));
    }

    /// Whether each column of a written file has a dictionary page, by column name.
    fn dictionary_pages(bytes: &[u8]) -> Vec<(String, bool)> {
        let meta = polars_parquet::read::read_metadata(&mut std::io::Cursor::new(bytes))
            .expect("metadata");
        meta.row_groups[0]
            .parquet_columns()
            .iter()
            .map(|c| {
                let name = c.descriptor().path_in_schema[0].to_string();
                (name, c.dictionary_page_offset().is_some())
            })
            .collect()
    }

    #[test]
    fn dictionaries_only_where_values_repeat() {
        let n = 100_000;
        let texts = |distinct: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("(2024)浙0603执{}号", (i * 7919) % distinct))
                .collect()
        };
        let mut names = ListStringChunkedBuilder::new("names".into(), n, n);
        for i in 0..n {
            names.append_values_iter([["张三", "李四"][i % 2]].into_iter());
        }
        let mut df = df!(
            "courts" => texts(20),
            // one in twenty distinct: the sample alone cannot tell, the full estimate can
            "judges" => texts(5_000),
            "parties" => texts(30_000),
            "case_no" => texts(n),
        )
        .expect("frame");
        df.with_column(names.finish().into_series().into_column())
            .expect("names");
        let columns = df.columns();
        let choice =
            |c: usize| dictionary_choice(columns[c].as_materialized_series().chunks()[0].as_ref());
        assert_eq!(choice(0), Dictionary::Pays);
        assert_eq!(choice(1), Dictionary::Pays);
        assert_eq!(choice(2), Dictionary::No);
        assert_eq!(choice(3), Dictionary::No);
        assert_eq!(choice(4), Dictionary::No, "polars writes list values plain");
        let short = df.slice(0, 100);
        let short_courts = short.columns()[0].as_materialized_series().rechunk();
        assert_eq!(
            dictionary_choice(short_courts.chunks()[0].as_ref()),
            Dictionary::Try
        );

        let bytes = write(&df);
        let expected = [
            ("courts", true),
            ("judges", true),
            ("parties", false),
            ("case_no", false),
            ("names", false),
        ];
        let got = dictionary_pages(&bytes);
        let got: Vec<(&str, bool)> = got.iter().map(|(c, d)| (c.as_str(), *d)).collect();
        assert_eq!(got, expected);
        let back = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .expect("read");
        assert_eq!(back.schema(), df.schema(), "a dictionary is not a type");
        assert!(back.equals_missing(&df));
    }

    #[test]
    fn values_and_types_come_back_and_bytes_repeat() {
        let df = frame();
        let bytes = write(&df);
        let back = ParquetReader::new(std::io::Cursor::new(bytes.clone()))
            .finish()
            .expect("read");
        assert_eq!(back.schema(), df.schema());
        assert!(back.equals_missing(&df));
        assert_eq!(bytes, write(&df), "same frame, same bytes");
    }
}
