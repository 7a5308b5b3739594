# Sourced by Tools/schemathesis.sh and Tools/qgis-check.sh: the Hauts-de-France sample imported with the CLI
# into a temporary store, a tokens file (an ARS token, a coordinator token of CPTS-80-002, CPTS Amiens, the practitioner
# token of a GP of Amiens), and
# `maillage serve` on a free loopback port. Builds nothing: $maillage is the binary to run.
# Sets: work (temporary folder, removed on exit), url (http://127.0.0.1:PORT/), server (pid), ars_token, coordinator_token,
# practitioner_rpps, practitioner_token.
# Reads: serve_options (more options of `maillage serve`, e.g. schemathesis's --failed-token-limit).
data=${MAILLAGE_DATA:-Data}
sample="$data/sample-hauts-de-france"
[ -x "$maillage" ] || { echo "no maillage binary at $maillage: run swift build --product maillage, or pass its path"; exit 1; }
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export MAILLAGE_DB="$work/sample.sqlite"
started=$SECONDS

"$maillage" import communes --geometry "$data/communes" --cog "$data/cog/communes-2026.csv.gz" \
    --movements "$data/cog/mouvements-communes.csv.gz" --population "$data/population/donnees_communes.csv.gz" \
    --epci "$data/epci/epci-communes-2025.csv.gz" --cog-departements "$data/cog/departements-2026.csv.gz" --departements 02,59,60,62,80 >"$work/import.log" 2>&1
"$maillage" import cpts "$sample/cpts-perimetres.csv.gz" >>"$work/import.log" 2>&1
"$maillage" import rpps "$sample/PS_LibreAcces_Personne_activite.txt.gz" >>"$work/import.log" 2>&1
"$maillage" import finess "$sample/etalab-cs1100507-stock.csv.gz" >>"$work/import.log" 2>&1
"$maillage" import volunteers "$sample/medecins-volontaires.csv.gz" >>"$work/import.log" 2>&1
"$maillage" import patients "$sample/patients-sans-medecin-traitant.csv.gz" >>"$work/import.log" 2>&1

# Tokens of this run only, as an operator makes them: printed once, their SHA-256 appended to the tokens file.
ars_token=$("$maillage" token add --role ars --tokens "$work/tokens" 2>/dev/null)
coordinator_token=$("$maillage" token add --role coordinator --cpts CPTS-80-002 --tokens "$work/tokens" 2>/dev/null)
# A practitioner: the volunteer nearest Amiens's town hall, a GP of CPTS-80-002.
practitioner_rpps=$("$maillage" nearest --commune 80021 --k 1 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["volunteers"][0]["rpps"])')
practitioner_token=$("$maillage" token add --role practitioner --rpps "$practitioner_rpps" --tokens "$work/tokens" 2>/dev/null)

"$maillage" serve --port 0 --tokens "$work/tokens" ${serve_options:-} 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 120); do grep -q '"listening"' "$work/serve.log" && break; sleep 0.5; done
url=$(grep -o '"url":"[^"]*"' "$work/serve.log" | head -1 | cut -d'"' -f4)
[ -n "$url" ] || { cat "$work/import.log" "$work/serve.log"; echo "serve did not start"; exit 1; }
echo "sample imported and maillage serve at $url in $((SECONDS - started)) s"
