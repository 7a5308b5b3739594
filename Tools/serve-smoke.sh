#!/usr/bin/env bash
# The service as an operator runs it: the Hauts-de-France sample imported with the CLI, `maillage serve`
# started on a free loopback port with `--log-level error`, GDAL's OAPIF driver (what QGIS uses) listing every
# collection and copying the 63 CPTS to a GeoPackage, the web map and its tiles, a coordinator's day (uploads, a
# refused upload, a dry run, a commit, requests near a GP) and refused callers, then SIGTERM and a clean exit; then
# `maillage audit` lists exactly that day from the store (the log level drops no audit record), and `maillage purge`.
#   bash Tools/serve-smoke.sh [DATA_DIR] [MAILLAGE_BINARY]     (default Data and the release build's maillage, built if missing)
#   MAILLAGE_SMOKE_DB=postgres://USER@HOST:PORT/DB?schema=NAME bash Tools/serve-smoke.sh   (the same on PostGIS)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-Data}
sample="$data/sample-hauts-de-france"
if [ -n "${2:-}" ]; then
    maillage=$(realpath "$2")
else
    swift build -c release --product maillage >/dev/null
    maillage=$(swift build -c release --show-bin-path)/maillage
fi
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export MAILLAGE_DB="${MAILLAGE_SMOKE_DB:-$work/sample.sqlite}"

"$maillage" import communes --geometry "$data/communes" --cog "$data/cog/communes-2026.csv.gz" \
    --movements "$data/cog/mouvements-communes.csv.gz" --population "$data/population/donnees_communes.csv.gz" \
    --epci "$data/epci/epci-communes-2025.csv.gz" --cog-departements "$data/cog/departements-2026.csv.gz" --departements 02,59,60,62,80 >/dev/null 2>&1
"$maillage" import cpts "$sample/cpts-perimetres.csv.gz" >/dev/null 2>&1
"$maillage" import rpps "$sample/PS_LibreAcces_Personne_activite.txt.gz" >/dev/null 2>&1
"$maillage" import finess "$sample/etalab-cs1100507-stock.csv.gz" >/dev/null 2>&1
"$maillage" import volunteers "$sample/medecins-volontaires.csv.gz" >/dev/null 2>&1
"$maillage" import patients "$sample/patients-sans-medecin-traitant.csv.gz" >/dev/null 2>&1

# Tokens as an operator makes them: printed once, their SHA-256 appended to the tokens file.
ars=$("$maillage" token add --role ars --tokens "$work/tokens.txt" 2>/dev/null)
amiens=$("$maillage" token add --role coordinator --cpts CPTS-80-002 --tokens "$work/tokens.txt" 2>/dev/null)
# --log-level error keeps even the "listening" line out of the log: a free port is chosen here, and /health awaited.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$maillage" serve --port "$port" --tokens "$work/tokens.txt" --log-level error 2>"$work/serve.log" &
server=$!
url=
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { url="http://127.0.0.1:$port/"; break; }
    sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "serve did not start"; exit 1; }
echo "maillage serve at $url"

layers=$(timeout 120 ogrinfo -ro -al -so "OAPIF:${url}ogc" | grep '^Layer name:' | cut -d' ' -f3 | tr '\n' ' ')
echo "ogrinfo layers: $layers"
for collection in communes cpts white-zones overlaps pharmacies accessibility volunteers; do
    [[ " $layers " == *" $collection "* ]] || { echo "ogrinfo does not list $collection"; exit 1; }
done
timeout 120 ogr2ogr -f GPKG "$work/cpts.gpkg" "OAPIF:${url}ogc" cpts 2>/dev/null
count=$(ogrinfo -ro -so "$work/cpts.gpkg" cpts | grep 'Feature Count' | cut -d' ' -f3)
echo "ogr2ogr copied $count CPTS"
[ "$count" = 63 ] || { echo "expected 63 CPTS"; exit 1; }
ogrinfo -ro -q "$work/cpts.gpkg" cpts -where "id = 'CPTS-80-002'" | grep -q 'name (String) = CPTS Amiens' \
    || { echo "CPTS-80-002 lost its properties"; exit 1; }

# The web map as a browser loads it: the page, Leaflet from the system's libjs-leaflet, a generalised layer (the
# request waits for its level, built in the background after start-up).
page=$(curl -fsS "${url}")   # whole, then searched: `grep -q` in a pipe would close it early and fail curl
[[ "$page" == *'vendor/leaflet/leaflet.js'* ]] || { echo "the web map does not load Leaflet"; exit 1; }
cmp -s <(curl -fsS "${url}vendor/leaflet/leaflet.js") /usr/share/javascript/leaflet/leaflet.js \
    || { echo "/vendor/leaflet/leaflet.js is not the system's Leaflet"; exit 1; }
cpts=$(curl -fsS --max-time 120 "${url}api/v1/map/cpts?tolerance=2500" | grep -o '"type":"Feature"' | wc -l)
echo "web map: Leaflet served, $cpts CPTS at 2 500 m"
[ "$cpts" = 63 ] || { echo "expected 63 generalised CPTS"; exit 1; }

# Vector tiles as QGIS reads them: the TileJSON's URL template, then a tile of it through GDAL's MVT driver over HTTP.
template=$(curl -fsS --max-time 120 "${url}tiles/cpts.json" | grep -o '"tiles":\["[^"]*"' | cut -d'"' -f4)
[ "$template" = "${url}tiles/cpts/{z}/{x}/{y}.mvt" ] || { echo "TileJSON tile URL: '$template'"; exit 1; }
tile=${template/\{z\}\/\{x\}\/\{y\}/8\/129\/87}
features=$(timeout 120 ogrinfo -ro -al -so "MVT:/vsicurl/$tile" | grep 'Feature Count' | cut -d' ' -f3)
echo "vector tiles: $tile holds $features CPTS"
[ "${features:-0}" -gt 0 ] || { echo "no CPTS in $tile"; exit 1; }

# A coordinator's day, and callers the service refuses.
status() { curl -s -o "$work/answer.json" -w '%{http_code}' "$@"; }
csv="reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"
auth=(-H "Authorization: Bearer $amiens")
[ "$(status -X POST "${auth[@]}" --data-binary "$csv"$'\nSMOKE-1;80021;;;ALD;non;2026-11-30' "${url}api/v1/waiting-list")" = 200 ] \
    || { cat "$work/answer.json"; echo "waiting-list upload refused"; exit 1; }
[ "$(status -X POST "${auth[@]}" --data-binary "not;a;waiting;list" "${url}api/v1/waiting-list")" = 400 ] || { echo "a bad CSV was accepted"; exit 1; }
[ "$(status -X POST "${auth[@]}" "${url}api/v1/match?max_km=30")" = 200 ] || { echo "dry run failed"; exit 1; }
[ "$(status -X POST "${auth[@]}" "${url}api/v1/match?max_km=30&commit=true")" = 200 ] || { echo "commit failed"; exit 1; }
placed=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["assignments"]))' "$work/answer.json")
curl -fsS "${url}api/v1/nearest?commune=80021&k=1" >"$work/answer.json"
gp=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["volunteers"][0]["rpps"])' "$work/answer.json")
[ "$(status "${auth[@]}" "${url}api/v1/requests-near?rpps=$gp&km=5")" = 200 ] || { cat "$work/answer.json"; echo "requests-near failed"; exit 1; }
[ "$(status -X POST "${url}api/v1/match")" = 401 ] || { echo "anonymous match not refused"; exit 1; }
[ "$(status -X POST -H "Authorization: Bearer $ars" "${url}api/v1/match")" = 403 ] || { echo "ars match not refused"; exit 1; }
[ "$(status -H "Authorization: Bearer not-our-token" "${url}api/v1/cpts")" = 401 ] || { echo "unknown token not refused"; exit 1; }
echo "coordinator: upload, refused upload, dry run, commit ($placed placed), requests near GP $gp; 3 refusals"

kill -TERM "$server"
wait "$server" && echo "maillage serve stopped cleanly on SIGTERM" || { echo "serve exited with $?"; exit 1; }
[ ! -s "$work/serve.log" ] || { cat "$work/serve.log"; echo "--log-level error logged something"; exit 1; }

# The trail of that day, from the store: the CLI's import, then the service's records, in order.
"$maillage" audit --format csv >"$work/audit.csv"
actions=$(tail -n +2 "$work/audit.csv" | cut -d';' -f5 | tr '\n' ' ')
expected="waiting-list-upload waiting-list-upload waiting-list-upload match-dry-run match-commit requests-near denied denied denied "
[ "$actions" = "$expected" ] || { cat "$work/audit.csv"; echo "audit actions: '$actions', expected '$expected'"; exit 1; }
grep -q 'refused: 400 invalid CSV' "$work/audit.csv" || { echo "the refused upload is not audited with its reason"; exit 1; }
! grep -q 'SMOKE-1' "$work/audit.csv" || { echo "a patient reference reached the audit trail"; exit 1; }
[ "$("$maillage" audit --cpts CPTS-80-002 --since "$(date -u +%F)" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 5 ] \
    || { echo "audit --cpts --since"; exit 1; }
echo "maillage audit: $actions"

"$maillage" purge --assigned-before "$(date -u -d tomorrow +%F)" >"$work/purge.json"
grep -q "\"assigned_positions_erased\" *: *$placed" "$work/purge.json" || { cat "$work/purge.json"; echo "purge did not erase the $placed positions"; exit 1; }
[ "$("$maillage" audit --format csv | tail -1 | cut -d';' -f5)" = purge ] || { echo "the purge is not audited"; exit 1; }
echo "maillage purge: $placed assigned positions erased, audited"
