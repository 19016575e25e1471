#!/usr/bin/env bash
# Side-by-side throughput of linkhaven and clkhash on the same records, in one run.
#
# linkhaven does the full typical person spec (5 identifier tokens, one 1024-bit CLK, 3 blocking
# keys, the record token and the encrypted vault); clkhash makes only the CLK over the same five
# fields with the same q-grams and the same hash functions per q-gram (clkhash's bitsPerToken; its
# bitsPerFeature would spread a fixed budget over a whole field and do far less work). Both run on one core, in one process (clkhash's
# own pool never joins its workers, so their CPU time could not be counted). Medians over REPEAT runs.
#
#   scripts/bench-vs-clkhash.sh [ROWS] [REPEAT]        (defaults: 100000 3)
# Env: CLKHASH_VENV reuses a venv with clkhash installed; otherwise one is made in a temp dir.
set -euo pipefail
rows=${1:-100000}
repeat=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$root/scripts/lib.sh"
echo "== building linkhaven (release: swift build -c release --product linkhaven)"
lh=$(build_linkhaven "$root" release)
venv=${CLKHASH_VENV:-$work/venv}
ensure_venv "$venv" clkhash==0.18.3

echo "== generating $rows records"
"$lh" bench generate --rows "$rows" --out "$work/people.csv"

echo "== linkhaven (1 worker, median of $repeat)"
"$lh" bench pseudonymise --input "$work/people.csv" --workers 1 --repeat "$repeat" --format json > "$work/lh.json"

echo "== linkhaven, CLK only (the same work as clkhash, plus the record token and vault it always makes)"
"$lh" bench generate --rows 1 --out "$work/unused.csv" --spec "$work/full-spec.json"
python3 - "$work/full-spec.json" "$work/clk-spec.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
d = spec["datasets"][0]
for c in d["columns"]: c["token"] = False
d.pop("blockingKeys")
json.dump(spec, open(sys.argv[2], "w"))
PY
"$lh" bench pseudonymise --input "$work/people.csv" --spec "$work/clk-spec.json" --workers 1 --repeat "$repeat" --format json > "$work/lh-clk.json"

echo "== clkhash (median of $repeat)"
cat > "$work/schema.json" <<'JSON'
{ "version": 3,
  "clkConfig": { "l": 1024, "kdf": { "type": "HKDF", "hash": "SHA256", "salt": "SCbL2zHNnmsckfzchsNkZY9XoHk96P/G5nUBrM7ybymlEFsMV6PAeDZCNp3rfNUPCtLDMOGQHG4pCQpfhiHCyA==", "info": "c2NoZW1hX2V4YW1wbGU=", "keySize": 64 } },
  "features": [
    { "identifier": "rec_id", "ignored": true },
    { "identifier": "given_name", "format": { "type": "string", "encoding": "utf-8" }, "hashing": { "comparison": { "type": "ngram", "n": 2 }, "strategy": { "bitsPerToken": 15 }, "hash": { "type": "doubleHash" } } },
    { "identifier": "surname", "format": { "type": "string", "encoding": "utf-8" }, "hashing": { "comparison": { "type": "ngram", "n": 2 }, "strategy": { "bitsPerToken": 15 }, "hash": { "type": "doubleHash" } } },
    { "identifier": "date_of_birth", "format": { "type": "string", "encoding": "utf-8" }, "hashing": { "comparison": { "type": "ngram", "n": 1, "positional": true }, "strategy": { "bitsPerToken": 10 } } },
    { "identifier": "sex", "format": { "type": "string", "encoding": "utf-8" }, "hashing": { "comparison": { "type": "ngram", "n": 1 }, "strategy": { "bitsPerToken": 5 } } },
    { "identifier": "address", "format": { "type": "string", "encoding": "utf-8" }, "hashing": { "comparison": { "type": "ngram", "n": 2 }, "strategy": { "bitsPerToken": 5 } } }
  ] }
JSON
"$venv/bin/python" - "$work/people.csv" "$work/schema.json" "$repeat" > "$work/clk.json" <<'PY'
import csv, json, resource, statistics, sys, time
from clkhash import clk, schema as S
path, schema_path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(schema_path) as f: sch = S.from_json_file(f)
with open(path) as f:
    rows = list(csv.reader(f))[1:]
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
walls, cpus = [], []
for _ in range(repeat):
    c0, w0 = cpu(), time.perf_counter()
    out = clk.generate_clks(rows, sch, "benchmark secret", validate=False, max_workers=1)  # in-process: its pool never joins its workers, so their CPU would go uncounted
    cpus.append(cpu() - c0); walls.append(time.perf_counter() - w0)
    assert len(out) == len(rows)
n = len(rows)
print(json.dumps({"bitsSetInFirstCLK": out[0].count(), "rows": n, "medianCPUSeconds": statistics.median(cpus), "medianWallSeconds": statistics.median(walls),
                  "recordsPerCPUSecond": n / statistics.median(cpus)}))
PY

python3 - "$work/lh.json" "$work/clk.json" "$work/lh-clk.json" <<'PY'
import json, sys
lh = json.load(open(sys.argv[1]))[0]; ck = json.load(open(sys.argv[2])); lc = json.load(open(sys.argv[3]))[0]
print(f"linkhaven: {lh['rows']:,} records, median {lh['medianCPUSeconds']:.2f} CPU-s -> {lh['recordsPerCPUSecond']:,.0f} records/CPU-s (tokens + CLK + blocking keys + vault)")
print(f"linkhaven: {lc['rows']:,} records, median {lc['medianCPUSeconds']:.2f} CPU-s -> {lc['recordsPerCPUSecond']:,.0f} records/CPU-s (CLK only)")
print(f"clkhash:   {ck['rows']:,} records, median {ck['medianCPUSeconds']:.2f} CPU-s -> {ck['recordsPerCPUSecond']:,.0f} records/CPU-s (CLK only)")
print(f"ratio, full spec vs clkhash CLK: {lh['recordsPerCPUSecond'] / ck['recordsPerCPUSecond']:.2f}x records per CPU-second")
print(f"ratio, CLK only vs clkhash CLK:   {lc['recordsPerCPUSecond'] / ck['recordsPerCPUSecond']:.2f}x records per CPU-second")
PY
