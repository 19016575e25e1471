#!/usr/bin/env bash
# CLK Dice comparisons per second: linkhaven's popcount loop and anonlink on the SAME 1024-bit CLKs, one run.
#   scripts/bench-vs-anonlink.sh [RECORDS] [native|v3]      (default 10000 native)
# native: -Xswiftc -target-cpu -Xswiftc native (fastest; this CPU family only). v3: -Xcc -march=x86-64-v3 (any AVX2 CPU).
# Env: ANONLINK_VENV reuses a venv with anonlink installed.
set -euo pipefail
records=${1:-10000}
flavour=${2:-native}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/scripts/lib.sh"
lh=$(build_linkhaven "$root" "$flavour")
venv=${ANONLINK_VENV:-$work/venv}
ensure_venv "$venv" anonlink==0.15.3
"$lh" bench dice --records "$records" --export "$work" --format json > "$work/lh.json"
"$venv/bin/python" - "$work" > "$work/an.json" <<'PY'
import json, statistics, sys, time
from bitarray import bitarray
import anonlink
def load(p):
    out = []
    for line in open(p):
        b = bitarray(endian="little"); b.frombytes(bytes.fromhex(line.strip())); out.append(b)
    return out
a, b = load(sys.argv[1] + "/a.hex"), load(sys.argv[1] + "/b.hex")
times = []
for _ in range(5):
    t = time.process_time()
    sims, _, _ = anonlink.candidate_generation.find_candidate_pairs([a, b], anonlink.similarities.dice_coefficient_accelerated, 0.8)
    times.append(time.process_time() - t)
print(json.dumps({"comparisons": len(a) * len(b), "cpuSeconds": statistics.median(times), "pairs": len(sims)}))
PY
python3 - "$work/lh.json" "$work/an.json" "$flavour" <<'PY'
import json, sys
lh = json.load(open(sys.argv[1])); an = json.load(open(sys.argv[2]))
a_rate = an["comparisons"] / an["cpuSeconds"]
print(f"anonlink 0.15.3: {a_rate / 1e6:,.0f} million Dice comparisons per CPU-second ({an['pairs']} pairs >= 0.8)")
for r in lh:
    print(f"linkhaven ({sys.argv[3]}), {r['workers']} worker(s): {r['comparisonsPerSecond'] / 1e6:,.0f} million/s, "
          f"{r['comparisonsPerCoreSecond'] / 1e6:,.0f} million per core-second ({r['candidatePairs']} pairs) -> "
          f"{r['comparisonsPerCoreSecond'] / a_rate:.1f}x anonlink per core, {r['comparisonsPerSecond'] / a_rate:.1f}x anonlink's single core")
PY
