#!/usr/bin/env python3
"""Makes large ingest inputs for benchmarks from the sample court's exports.

Rows of sample-data/census/system_b.csv (GBK) are repeated with fresh case numbers until
the wanted count, and written as UTF-8 CSV, GBK CSV and (from system A's rows) an xlsx
with the same title, header and footer rows as the sample. Standard library + openpyxl.
Usage: make-bench-data.py OUT_DIR [CSV_ROWS] [XLSX_ROWS]
"""
import csv, io, os, sys

out = sys.argv[1]
n_csv = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
n_xlsx = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
here = os.path.dirname(os.path.abspath(__file__))
sample = os.path.join(here, "..", "sample-data", "census")
os.makedirs(out, exist_ok=True)

with open(os.path.join(sample, "system_b.csv"), encoding="gbk") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
ci = header.index("案件编号")
utf8_path = os.path.join(out, f"cases-{n_csv}.csv")
with open(utf8_path, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(n_csv):
        r = list(body[i % len(body)])
        r[ci] = f"({2014 + i % 12})浙0603执{i // 12 + 1}号"
        w.writerow(r)
with open(utf8_path, encoding="utf-8") as f, open(
    os.path.join(out, f"cases-{n_csv}-gbk.csv"), "w", encoding="gbk", newline=""
) as g:
    for line in f:
        g.write(line)

if n_xlsx > 0:
    import openpyxl

    src = openpyxl.load_workbook(os.path.join(sample, "system_a_zhe0603.xlsx"), read_only=True)
    ws = src.worksheets[0]
    srows = [list(r) for r in ws.iter_rows(values_only=True)]
    title, hdr = srows[:2], srows[2]
    data = [r for r in srows[3:] if r[1] and str(r[1]).startswith("（")]
    cj = hdr.index("案号")
    wb = openpyxl.Workbook(write_only=True)
    out_ws = wb.create_sheet("执行案件明细")
    for t in title:
        out_ws.append(t)
    out_ws.append(hdr)
    for i in range(n_xlsx):
        r = list(data[i % len(data)])
        r[0] = i + 1
        r[cj] = f"（{2014 + i % 12}）浙0603执{i // 12 + 1}号"
        out_ws.append(r)
    out_ws.append(["合计", f"共{n_xlsx}件"])
    wb.save(os.path.join(out, f"cases-{n_xlsx}.xlsx"))
print("written to", out)
