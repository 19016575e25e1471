#!/usr/bin/env bash
# Linkage at scale, end to end on 2 cores: N records linked to N corrupted copies (link-only), and
# N records deduplicated (half originals, half copies), each pseudonymised first; times and peak
# memory from /usr/bin/time, accuracy from linkhaven evaluate against the known correspondence.
#   scripts/bench-link-scale.sh [N]          (default 1000000)
#   PEERS=1 scripts/bench-link-scale.sh [N]  also runs Splink 5 (DuckDB) on the plaintext of the same files,
#                                            in the same run (Benchmarks/peers/splink_bench.py; a venv from PyPI,
#                                            or SPLINK_VENV to reuse one), and prints CPU ratios.
# Build: release with -Xcc -march=x86-64-v3 (portable AVX2 + POPCNT) in .build-v3.
set -euo pipefail
n=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/scripts/lib.sh"
lh=$(build_linkhaven "$root" v3)
cd "$work"
echo "== generating $n records and $n corrupted copies"
"$lh" bench generate --rows "$n" --out a.csv --copies b.csv --spec spec.json
"$lh" key generate --out p.key >/dev/null; "$lh" key generate --out v.key >/dev/null
half=$((n / 2))
awk -v h="$half" 'FNR == 1 && NR == 1 { print; next } FNR > 1 && FNR <= h + 1 { print }' a.csv b.csv > d.csv
for f in a b d; do "$lh" pseudonymise $f.csv --spec spec.json --key p.key --vault-key v.key --format json >/dev/null; done
python3 - "$n" "$half" <<'PY'
import json, sys
n, half = int(sys.argv[1]), int(sys.argv[2])
comparisons = [
  {"name": "given name", "null": ["given_name_token"], "levels": [{"label": "exact", "token": "given_name_token", "tf": True}]},
  {"name": "surname", "null": ["surname_token"], "levels": [{"label": "exact", "token": "surname_token", "tf": True}]},
  {"name": "date of birth", "null": ["date_of_birth_token"], "levels": [{"label": "exact", "token": "date_of_birth_token"}]},
  {"name": "sex", "null": ["sex_token"], "levels": [{"label": "exact", "token": "sex_token"}]},
  {"name": "address", "null": ["address_token"], "levels": [{"label": "exact", "token": "address_token"}]},
  {"name": "person CLK", "null": ["person_clk"], "levels": [{"label": "≥0.9", "clk": "person_clk", "dice": 0.9},
      {"label": "≥0.8", "clk": "person_clk", "dice": 0.8}, {"label": "≥0.7", "clk": "person_clk", "dice": 0.7}]}]
base = {"format": "linkhaven-link/1", "blocking": [["bk_surname_yob"], ["bk_given_dob"], ["address_token"]], "comparisons": comparisons,
        "training": {"emBlocking": [["date_of_birth_token"], ["address_token"]], "uSampleSize": 1000000,
                     "priorRule": ["given_name_token", "surname_token", "date_of_birth_token"], "priorRecall": 0.6},
        "thresholds": {"match": 0.9, "review": 0.5}}
json.dump(dict(base, datasets=[{"name": "a", "file": "a.pseudo.csv", "unique": True}, {"name": "b", "file": "b.pseudo.csv", "unique": True}],
               linkType="linkOnly"), open("link.json", "w"))
json.dump(dict(base, datasets=[{"name": "d", "file": "d.pseudo.csv"}], linkType="dedupe"), open("dedupe.json", "w"))
with open("truth-link.csv", "w") as t:
    t.write("dataset,record_id,person_id\n")
    for i in range(n): t.write(f"a,R{i},{i}\nb,C{i},{i}\n")
with open("truth-dedupe.csv", "w") as t:
    t.write("dataset,record_id,person_id\n")
    for i in range(half): t.write(f"d,R{i},{i}\nd,C{i},{i}\n")
PY
# Each job twice: with the hand-written config above, and designed by the engine from the spec alone (zero-config).
for job in link dedupe; do
  if [ $job = link ]; then vaults="--vault a=a.vault --vault b=b.vault"; designed="a=a.pseudo.csv b=b.pseudo.csv --link-type linkOnly --unique a --unique b"
  else vaults="--vault d=d.vault"; designed="d=d.pseudo.csv"; fi
  for how in hand designed; do
    echo "== $job, $how"
    if [ $how = hand ]; then args="$job.json"; else args="--spec spec.json $designed --explain"; fi
    /usr/bin/time -f "$job $how: %e s wall, %U s user, %S s sys, peak RSS %M KB" "$lh" link $args --out out-$job-$how --format text 2> time-$job-$how.txt
    tail -1 time-$job-$how.txt
    "$lh" evaluate out-$job-$how/clusters.csv --truth truth-$job.csv $vaults --vault-key v.key --format text | sed -n '1,3p'
  done
done

# The peer: Splink on the plaintext (linkhaven's jobs above read only the pseudonymised files).
if [ "${PEERS:-0}" = 1 ]; then
  venv=${SPLINK_VENV:-$work/venv}
  ensure_venv "$venv" splink pandas
  for job in link dedupe; do
    if [ $job = link ]; then files="a.csv b.csv"; else files="d.csv"; fi
    echo "== $job, Splink (plaintext)"
    /usr/bin/time -f "$job splink: %e s wall, %U s user, %S s sys, peak RSS %M KB" "$venv/bin/python" "$root/Benchmarks/peers/splink_bench.py" \
      $job $files --out splink-$job.csv > splink-$job.json 2> time-$job-splink.txt
    tail -1 time-$job-splink.txt; cat splink-$job.json
    "$lh" evaluate splink-$job.csv --truth truth-$job.csv --format text | sed -n '1,3p'
    python3 - "$job" <<'PY'
import json, re, sys
job = sys.argv[1]
def cpu(how):
    m = re.search(r"([0-9.]+) s user, ([0-9.]+) s sys", open(f"time-{job}-{how}.txt").read().splitlines()[-1])
    return float(m.group(1)) + float(m.group(2))
splink = json.load(open(f"splink-{job}.json"))["cpu"]
for how in ("hand", "designed"):
    print(f"{job}: Splink's CPU-seconds ({splink:.1f}, model and predictions) / linkhaven {how} ({cpu(how):.1f}, whole process) = {splink / cpu(how):.2f}x")
PY
  done
fi
