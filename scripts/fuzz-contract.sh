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
  if "$st" run "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $token" \
       --max-examples "$examples" --workers 1 --no-color --seed 2026 \
       --exclude-path-regex '/sessions|/me/password|/me/two-factor' \
       --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
       > "$dir/$role.log" 2>&1; then
    echo "fuzz $role: passed ($(grep -aoE '[0-9]+ generated' "$dir/$role.log" | head -1) cases)"
  else
    echo "fuzz $role: FAILED"; sed -n '/FAILURES/,/SUMMARY/p' "$dir/$role.log" | head -150; failed=1
  fi
done
exit $failed
