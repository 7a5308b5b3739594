#!/usr/bin/env bash
# The main job on the embedded default: the Hauts-de-France sample into maillage.sqlite, then its coverage.
#   bash Tools/demo.sh [DATA_DIR]     (default Data, the folder of the project)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-Data}
sample="$data/sample-hauts-de-france"
swift build -c release --product maillage
maillage=$(swift build -c release --show-bin-path)/maillage
export MAILLAGE_DB=${MAILLAGE_DB:-maillage.sqlite}

"$maillage" import communes --geometry "$data/communes" --cog "$data/cog/communes-2026.csv.gz" \
    --movements "$data/cog/mouvements-communes.csv.gz" --population "$data/population/donnees_communes.csv.gz" \
    --epci "$data/epci/epci-communes-2025.csv.gz" --cog-departements "$data/cog/departements-2026.csv.gz" --departements 02,59,60,62,80
"$maillage" import cpts "$sample/cpts-perimetres.csv.gz"
"$maillage" import rpps "$sample/PS_LibreAcces_Personne_activite.txt.gz"
"$maillage" import finess "$sample/etalab-cs1100507-stock.csv.gz"
"$maillage" import volunteers "$sample/medecins-volontaires.csv.gz"
"$maillage" import patients "$sample/patients-sans-medecin-traitant.csv.gz"
echo "coverage of the region:"
"$maillage" coverage
echo "nearest volunteers for a patient in Amiens:"
"$maillage" nearest --commune 80021 --k 3
