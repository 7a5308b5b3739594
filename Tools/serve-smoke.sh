#!/usr/bin/env bash
# The service as an operator runs it: the Hauts-de-France sample imported with the CLI, `maillage serve`
# started on a free loopback port, GDAL's OAPIF driver (what QGIS uses) listing every collection and
# copying the 63 CPTS to a GeoPackage, then SIGTERM and a clean exit.
#   bash Tools/serve-smoke.sh [DATA_DIR]     (default Data; uses the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-Data}
sample="$data/sample-hauts-de-france"
swift build --product maillage >/dev/null
maillage=$(swift build --show-bin-path)/maillage
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export MAILLAGE_DB="$work/sample.sqlite"

"$maillage" import communes --geometry "$data/communes" --cog "$data/cog/communes-2026.csv.gz" \
    --movements "$data/cog/mouvements-communes.csv.gz" --population "$data/population/donnees_communes.csv.gz" \
    --epci "$data/epci/epci-communes-2025.csv.gz" --departements 02,59,60,62,80 >/dev/null 2>&1
"$maillage" import cpts "$sample/cpts-perimetres.csv.gz" >/dev/null 2>&1
"$maillage" import rpps "$sample/PS_LibreAcces_Personne_activite.txt.gz" >/dev/null 2>&1
"$maillage" import finess "$sample/etalab-cs1100507-stock.csv.gz" >/dev/null 2>&1
"$maillage" import volunteers "$sample/medecins-volontaires.csv.gz" >/dev/null 2>&1

"$maillage" serve --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 120); do grep -q '"listening"' "$work/serve.log" && break; sleep 0.5; done
url=$(grep -o '"url":"[^"]*"' "$work/serve.log" | head -1 | cut -d'"' -f4)
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

kill -TERM "$server"
wait "$server" && echo "maillage serve stopped cleanly on SIGTERM" || { echo "serve exited with $?"; exit 1; }
