#!/usr/bin/env bash
# The provider tool's main job on the shipped sample data, in a scratch directory:
# keys → validate spec → pseudonymise two providers' extracts → check → re-identify a returned token.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
echo "== Building the provider tool (swift build --product linkhaven)"
swift build --package-path "$root" --product linkhaven >/dev/null
lh="$root/.build/debug/linkhaven"
work=${LINKHAVEN_DEMO_DIR:-$(mktemp -d)}
cp "$root"/Samples/{spec.json,housing.csv,school.csv,lsoa-lookup.csv} "$work"/
cd "$work"
echo "== Working in $work"
echo "== 1. Keys (mode 0600): a shared project secret, and each provider's own vault key"
$lh key generate --out project.key
$lh key generate --out housing-vault.key >/dev/null
$lh key generate --out school-vault.key >/dev/null
echo "== 2. The agreed linkage spec"
$lh spec validate spec.json
echo "== 3. The borough council pseudonymises its housing extract"
$lh pseudonymise housing.csv --spec spec.json --dataset housing --key project.key --vault-key housing-vault.key --format text
echo "== 4. The county council pseudonymises its school readiness extract"
$lh pseudonymise school.csv --spec spec.json --dataset school_readiness --key project.key --vault-key school-vault.key --format text
echo "== 5. Check: the raw extract is flagged, the pseudonymised one is clean"
$lh check housing.csv --format text || true
$lh check housing.pseudo.csv --format text
echo "== 6. The platform returns two record tokens; only the housing team's vault can say whose they are"
sed -n '2p;3p' housing.pseudo.csv | cut -d, -f1 > returned-tokens.txt
$lh reidentify returned-tokens.txt --vault housing.vault --vault-key housing-vault.key
echo "== Done. Files are in $work"
