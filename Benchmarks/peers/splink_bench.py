#!/usr/bin/env python3
"""Splink 5 (DuckDB) on the PLAINTEXT of linkhaven's scale benchmark, for a side-by-side run.

    splink_bench.py dedupe d.csv --out splink-dedupe.csv
    splink_bench.py link a.csv b.csv --out splink-link.csv

Input: `linkhaven bench generate` CSVs (rec_id, given_name, surname, date_of_birth dd/mm/yyyy, sex, address).
Output: clusters (dataset, record_id, cluster_id) for `linkhaven evaluate`; prints one JSON line with the
wall and CPU seconds Splink took from loading the frame to writing the clusters (the CSV parse is not counted).

The design is the best found by hand for this data (see docs/benchmarks.md): names by Jaro-Winkler bands,
the date of birth with its own levels, sex exact, the address by Jaccard of its words and exact postcode
district; blocking on date of birth + initial, surname + birth year, and the first address word + postcode
district; u by random sampling, m by EM on date of birth and on both names, the prior from exact names and
date of birth at recall 0.6 (as linkhaven's hand-written config), links at probability 0.9.
"""
import argparse, json, os, resource, sys, time
import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
import splink.comparison_library as cl


def frame(path, dataset):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({"unique_id": dataset + "|" + df["rec_id"]})
    clean = lambda s: s.str.lower().str.replace(r"[^a-z \-]", "", regex=True).str.replace("-", " ").str.split().str.join(" ")
    out["first_name"] = clean(df["given_name"]).replace("", None)
    out["surname"] = clean(df["surname"]).replace("", None)
    dob = pd.to_datetime(df["date_of_birth"], format="%d/%m/%Y", errors="coerce")
    out["dob"] = dob.dt.strftime("%Y-%m-%d").where(dob.notna(), None)
    out["sex"] = df["sex"].str.upper().str[:1].replace("", None)
    address = df["address"].str.lower().str.replace(r"[^a-z0-9 ]", " ", regex=True).str.split().str.join(" ")
    out["address"] = address.replace("", None)
    postcode = df["address"].str.extract(r"([A-Za-z]{1,2}[0-9][0-9A-Za-z]?)\s*[0-9][A-Za-z]{2}\s*$")[0].str.upper()
    out["district"] = postcode.where(postcode.notna(), None)
    out["first_word"] = address.str.split().str[:2].str.join(" ").replace("", None)
    return out


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("job", choices=["dedupe", "link"])
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    names = ["d"] if a.job == "dedupe" else ["a", "b"]
    frames = [frame(f, n) for f, n in zip(a.files, names)]
    wall0, cpu0 = time.time(), cpu()
    db = DuckDBAPI()
    tables = [db.register(f, dataset_display_name=n, table_name="records_" + n) for f, n in zip(frames, names)]
    settings = SettingsCreator(
        link_type="dedupe_only" if a.job == "dedupe" else "link_only",
        comparisons=[cl.NameComparison("first_name"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("dob", input_is_string=True), cl.ExactMatch("sex"),
                     cl.JaccardAtThresholds("address", [0.9, 0.7]), cl.ExactMatch("district")],
        blocking_rules_to_generate_predictions=[
            block_on("dob", "substr(first_name, 1, 1)"), block_on("surname", "substr(dob, 1, 4)"),
            block_on("first_word", "district")],
        retain_intermediate_calculation_columns=False)
    linker = Linker(tables if len(tables) > 1 else tables[0], settings)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname", "dob")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.9).as_pandas_dataframe()
    with open(a.out, "w") as f:
        f.write("dataset,record_id,cluster_id\n")
        for uid, c in zip(clusters["unique_id"], clusters["cluster_id"]):
            d, r = uid.split("|", 1)
            f.write(f"{d},{r},{c}\n")
    print(json.dumps({"tool": "splink", "job": a.job, "wall": round(time.time() - wall0, 2), "cpu": round(cpu() - cpu0, 2),
                      "peakRSSKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    sys.exit(main())
