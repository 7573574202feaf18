//! Throughput of the 案号 parser on realistic mixed input: the spellings exports really
//! contain (bracket styles, widths, spaces, zero padding, traditional characters, old
//! style) plus the invalid look-alikes, in the proportions a messy export has.
//!
//! `cargo bench --bench casenum`; figures go into BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn mixed_input(n: usize) -> Vec<String> {
    let courts = ["浙0603", "豫0102", "粤0304", "京73", "沪72", "浙06", "浙"];
    let types = ["执", "执", "执", "执恢", "执保", "执异", "民初", "民终"];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let r = next();
            let year = 2014 + (r % 12) as u16;
            let court = courts[(r >> 8) as usize % courts.len()];
            let ty = types[(r >> 16) as usize % types.len()];
            let seq = 1 + (r >> 24) % 20_000;
            match (r >> 40) % 20 {
                0..=7 => format!("（{year}）{court}{ty}{seq}号"),
                8 => format!("({year}){court}{ty}{seq:05}号"),
                9 => format!("〔{year}〕{court} {ty} {seq}"),
                10 => format!("【{year}】{court}{ty}{seq}號"),
                11 => format!("{year}年{court}{ty}{seq}号之二"),
                12 => format!("（{year}）{court}執{seq}號"),
                13 => format!("({year})绍柯{ty}字第{seq:05}号"),
                14 => format!("（２０２３）{court}{ty}{seq}号"),
                15 => format!("（{year}）{court}{ty}**号"),
                16 => "暂无".to_string(),
                17 => format!("（{year}）绍仲裁字第{seq}号"),
                18 => format!("法〔{year}〕{seq}号"),
                _ => format!("( {year} ) {court}{ty}{seq} 号"),
            }
        })
        .collect()
}

fn bench_parse(c: &mut Criterion) {
    let input = mixed_input(100_000);
    let mut group = c.benchmark_group("casenum");
    group.throughput(Throughput::Elements(input.len() as u64));
    group.sample_size(20);
    group.bench_function("parse+key, 100k mixed, 1 thread", |b| {
        b.iter(|| {
            let mut valid = 0usize;
            for s in &input {
                if let Ok(c) = caseflow::casenum::parse(black_box(s)) {
                    valid += c.case_key().len();
                }
            }
            valid
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
