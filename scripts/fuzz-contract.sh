#!/usr/bin/env bash
# Contract fuzzing: schemathesis (PyPI) against the running demo's own OpenAPI document, signed in as each
# role in turn (the roles that change the most last), with a bounded number of examples per operation. It
# fails on any 5xx, any response that does not match its documented schema, and any undocumented status.
# Sign-out, password and two-factor changes are left out, so a run never signs its own session out.
#
#   scripts/fuzz-contract.sh SERVER_BINARY SCHEMATHESIS [EXAMPLES]
#
# Starts `linkhaven-server demo` on 127.0.0.1 in a temporary directory and stops it after. Prints one line
# per role, "fuzz <role>: passed" or "fuzz <role>: FAILED", and exits non-zero if any failed.
set -uo pipefail
server=$1; st=$2; examples=${3:-5}
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" demo --fresh --dir "$dir/demo" --port "$port" --households 300 > "$dir/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 600); do grep -q "Serving until" "$dir/demo.log" && break; sleep 1; done
grep -q "Serving until" "$dir/demo.log" || { tail -20 "$dir/demo.log"; echo "fuzz: the demo did not start"; exit 1; }
base="http://127.0.0.1:$port"
failed=0
# The demo's own objects, read from its database, so that operations on an object are fuzzed with ids that
# exist (four cases in five) as well as made-up ones: otherwise every such operation only ever answers 404.
db=$(find "$dir/demo" -path '*/backups' -prune -o -name '*.sqlite' -print | head -n 1)
python3 - "$db" "$dir/ids.json" > "$dir/schemathesis.toml" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def ids(table, column="id"):
    return [str(r[0]) for r in db.execute(f"SELECT {column} FROM {table} ORDER BY 1")]
dictionaries = {
    "projects": ids("projects"), "agreements": ids("agreements"), "partnerships": ids("partnerships"), "uploads": ids("uploads"),
    "tokens": ids("api_tokens"), "datasets": ids("datasets"), "outputs": ids("analysis_outputs"), "organisations": ids("organisations"),
    "users": ids("users"), "incidents": ids("incidents"), "runs": ids("linkage_runs"), "requests": ids("audit_requests"),
    "issues": ids("quality_issues"), "keys": ids("sftp_keys"), "changes": ids("membership_changes"), "pairs": ids("review_pairs"),
    "numbers": ["1", "2", "3"],
}
dictionaries = {k: v for k, v in dictionaries.items() if v}
with open(sys.argv[2], "w") as f:
    json.dump([i for k, v in dictionaries.items() if k != "numbers" for i in v], f)
print("[dictionaries]")
for name, values in dictionaries.items():
    print(f"{name} = {{ values = {json.dumps(values)} }}")
def bind(name, dictionary):
    return f'"path.{name}" = {{ dictionary = "{dictionary}", probability = 0.8 }}' if dictionary in dictionaries else None
print("\n[parameters]")
for name, dictionary in [("dataset", "datasets"), ("output", "outputs"), ("org", "organisations"), ("user", "users"),
                         ("incident", "incidents"), ("run", "runs"), ("request", "requests"), ("issue", "issues"),
                         ("key", "keys"), ("change", "changes"), ("pair", "pairs"), ("n", "numbers")]:
    if line := bind(name, dictionary): print(line)
for prefix, dictionary in [("agreements", "agreements"), ("partnerships", "partnerships"), ("projects", "projects"),
                           ("tokens", "tokens"), ("uploads", "uploads")]:
    if line := bind("id", dictionary):
        print(f'\n[[operations]]\ninclude-path-regex = "^/api/v1/{prefix}/"\nparameters = {{ {line} }}')
EOF
# Who signs in, by the label `demo codes` prints.
for who in "Essex County Council, analyst" "Essex County Council, reviewer" "Basildon Borough Council, provider" \
           "Essex Police, signatory" "Essex County Council, orgAdmin" "Platform operator"; do
  line=$("$server" demo codes --dir "$dir/demo" 2>/dev/null | grep -F "$who ")
  token=$(python3 - "$line" "$base" <<'EOF'
import json, re, sys, urllib.request
line, base = sys.argv[1], sys.argv[2]
email = re.search(r"(\S+@\S+)", line).group(1)
password = re.search(r"password (\S+)", line).group(1)
code = re.search(r"code (\d+)", line).group(1)
req = urllib.request.Request(base + "/api/v1/sessions", method="POST", headers={"Content-Type": "application/json"},
                             data=json.dumps({"email": email, "password": password, "code": code}).encode())
print(json.load(urllib.request.urlopen(req))["token"])
EOF
)
  role=$(echo "$who" | tr 'A-Z ,' 'a-z__' | sed 's/__*/_/g')
  if [ -z "$token" ]; then echo "fuzz $role: FAILED (could not sign in)"; failed=1; continue; fi
  if "$st" --config-file "$dir/schemathesis.toml" run "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $token" \
       --max-examples "$examples" --workers 1 --no-color --seed 2026 \
       --exclude-path-regex '/sessions|/me/password|/me/two-factor' \
       --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
       --report har --report-har-path "$dir/$role.har" > "$dir/$role.log" 2>&1; then
    # How many requests reached an object that exists (an id from the database in the path) and were served.
    reached=$(python3 - "$dir/$role.har" "$dir/ids.json" <<'EOF'
import json, sys
entries = json.load(open(sys.argv[1]))["log"]["entries"]
ids = json.load(open(sys.argv[2]))
real = [e for e in entries if any(i in e["request"]["url"] for i in ids)]
print(f"{len(entries)} requests, {len(real)} naming an existing object, {sum(200 <= e['response']['status'] < 300 for e in real)} of them served")
EOF
)
    echo "fuzz $role: passed ($(grep -aoE '[0-9]+ generated' "$dir/$role.log" | head -1) cases; $reached)"
  else
    echo "fuzz $role: FAILED"; sed -n '/FAILURES/,/SUMMARY/p' "$dir/$role.log" | head -150; failed=1
  fi
done
exit $failed
