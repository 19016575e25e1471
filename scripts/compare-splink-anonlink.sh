#!/usr/bin/env bash
# Accuracy and speed side by side on the same hard synthetic partnership, in one run:
#   linkhaven  — pseudonymised at source, linked with the shipped link config (persons, all six datasets);
#   Splink     — on the PLAINTEXT extracts (dates parsed per provider, names cleaned: a fair start),
#                with comparisons, blocking and training chosen as Splink's documentation recommends;
#   anonlink   — on linkhaven's own person CLKs (the same encodings), Dice threshold + greedy multi-party solving.
# All three are scored by `linkhaven evaluate` against truth.csv (person level, pairs across and within datasets).
#   scripts/compare-splink-anonlink.sh [HOUSEHOLDS] [SEED]     (default 10000 2016)
# Env: COMPARE_VENV reuses a venv with splink, anonlink and pandas; otherwise one is made in a temp dir.
set -euo pipefail
households=${1:-10000}
seed=${2:-2016}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/scripts/lib.sh"
lh=$(build_linkhaven "$root" v3)
venv=${COMPARE_VENV:-$work/venv}
ensure_venv "$venv" splink anonlink==0.15.3 pandas
cd "$work"
datasets="housing social_care school_readiness youth_offending drug_alcohol police"
echo "== synthetic partnership: $households households, seed $seed"
"$lh" synth --out town --households "$households" --seed "$seed" --format json > synth.json
"$lh" key generate --out p.key >/dev/null; "$lh" key generate --out v.key >/dev/null
for d in $datasets; do "$lh" pseudonymise town/$d.csv --spec town/spec.json --dataset $d --key p.key --vault-key v.key --format json >/dev/null; done
vaults=""; for d in $datasets; do vaults="$vaults --vault $d=town/$d.vault"; done

echo "== linkhaven"
start=$(date +%s.%N)
"$lh" link town/link-config.json --out lh --format json > lh-report.json
lh_seconds=$(python3 -c "import time; print(time.time() - $start)")
"$lh" evaluate lh/clusters.csv --truth town/truth.csv $vaults --vault-key v.key --format json > lh-score.json

echo "== Splink (plaintext)"
"$venv/bin/python" - town > splink-time.txt <<'PY'
import csv, sys, time, datetime
import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
import splink.comparison_library as cl
town = sys.argv[1]
cols = {"housing": ("claim_ref", "claimant_forename", "claimant_surname", "claimant_dob", None, ["address_line_1", "address_line_2", "town"], "postcode", "%d/%m/%Y"),
        "social_care": ("person_id", "forename", "surname", "date_of_birth", "sex", ["main_address"], "postcode", "%Y-%m-%d"),
        "school_readiness": ("upn", "forename", "surname", "dob", "gender", ["address"], "postcode", "%d/%m/%Y"),
        "youth_offending": ("yos_id", "first_name", "last_name", "date_of_birth", "sex", ["address"], "postcode", "%d/%m/%y"),
        "drug_alcohol": ("client_id", "forename", "surname", "dob", "gender", ["address"], "postcode", "%Y%m%d"),
        "police": ("nominal_id", "forename", "surname", "dob", "sex", ["address"], "postcode", "%d-%b-%Y")}
sexes = {"m": "M", "male": "M", "1": "M", "f": "F", "female": "F", "2": "F"}
def clean(s): return " ".join("".join(c for c in s.lower() if c.isalpha() or c in " -").replace("-", " ").split()) or None
rows = []
for d, (rid, g, s, dob, sex, addr, pc, fmt) in cols.items():
    for r in csv.DictReader(open(f"{town}/{d}.csv")):
        try: iso = datetime.datetime.strptime(r[dob], fmt).date().isoformat()
        except ValueError: iso = None
        p = r[pc].replace(" ", "").upper()
        rows.append({"unique_id": f"{d}|{r[rid]}", "first_name": clean(r[g]), "surname": clean(r[s]), "dob": iso,
                     "sex": sexes.get(r[sex].lower()) if sex else None, "postcode": (p[:-3] + " " + p[-3:]) if len(p) >= 5 else None,
                     "address": " ".join(r[a] for a in addr).lower() or None})
df = pd.DataFrame(rows)
start = time.time()
db = DuckDBAPI()
sdf = db.register(df, table_name="records")
settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[cl.NameComparison("first_name"), cl.NameComparison("surname"),
                 cl.DateOfBirthComparison("dob", input_is_string=True), cl.ExactMatch("sex"),
                 cl.PostcodeComparison("postcode"), cl.LevenshteinAtThresholds("address", 3)],
    blocking_rules_to_generate_predictions=[block_on("dob"), block_on("substr(surname, 1, 3)", "substr(dob, 1, 4)"),
                                            block_on("first_name", "postcode"), block_on("first_name", "surname")])
linker = Linker(sdf, settings)
linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname", "dob")], recall=0.6)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
pred = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.9).as_pandas_dataframe()
print(time.time() - start)
with open("splink-clusters.csv", "w") as f:
    f.write("dataset,record_id,cluster_id\n")
    for uid, c in zip(clusters["unique_id"], clusters["cluster_id"]):
        d, r = uid.split("|", 1); f.write(f"{d},{r},{c}\n")
PY
"$lh" evaluate splink-clusters.csv --truth town/truth.csv --format json > splink-score.json

echo "== anonlink (linkhaven's person CLKs, threshold 0.8, greedy solving)"
"$venv/bin/python" - town $datasets > anonlink-time.txt <<'PY'
import base64, csv, sys, time
from bitarray import bitarray
import anonlink
town, names = sys.argv[1], sys.argv[2:]
data, tokens = [], []
for d in names:
    clks, toks = [], []
    for r in csv.DictReader(open(f"{town}/{d}.pseudo.csv")):
        b = bitarray(endian="little"); t = r["person_clk"]
        b.frombytes(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)))
        clks.append(b); toks.append(r["record_token"])
    data.append(clks); tokens.append(toks)
start = time.time()
cands = anonlink.candidate_generation.find_candidate_pairs(data, anonlink.similarities.dice_coefficient_accelerated, 0.8)
groups = anonlink.solving.greedy_solve(cands)
print(time.time() - start)
with open("anonlink-clusters.csv", "w") as f:
    f.write("dataset,record_id,cluster_id\n")
    for g, members in enumerate(groups):
        for ds, rec in members: f.write(f"{names[ds]},{tokens[ds][rec]},{g}\n")
PY
"$lh" evaluate anonlink-clusters.csv --truth town/truth.csv $vaults --vault-key v.key --format json > anonlink-score.json

python3 - "$lh_seconds" <<'PY'
import json, sys
lh_s = float(sys.argv[1]); sp_s = float(open("splink-time.txt").read().split()[-1]); an_s = float(open("anonlink-time.txt").read().split()[-1])
synth = json.load(open("synth.json"))
print(f"\nhard synthetic partnership: {synth['people']:,} people, {sum(synth['records'].values()):,} records in six datasets")
print(f"{'':34}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>10}")
for name, f, s in [("linkhaven (pseudonymised)", "lh-score.json", lh_s), ("Splink 5 (plaintext)", "splink-score.json", sp_s),
                   ("anonlink (same CLKs, threshold)", "anonlink-score.json", an_s)]:
    o = json.load(open(f))["overall"]
    print(f"{name:34}{o['precision']:10.4f}{o['recall']:10.4f}{o['f1']:10.4f}{s:10.2f}")
print(f"speed: linkhaven is {sp_s / lh_s:.1f}x Splink's wall time and {an_s / lh_s:.1f}x anonlink's (linkhaven's includes loading, training and writing its outputs)")
PY
