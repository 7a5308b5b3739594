#!/usr/bin/env bash
# Verifies the copies in Data/: the .gz files against Data/SHA256SUMS, and each decompressed file against
# the SHA-256 of the file as published, listed in Data/README.md. Exits non-zero naming the first mismatch.
#   bash Tools/check-data.sh
set -euo pipefail
cd "$(dirname "$0")/../Data"
sha256sum --quiet -c SHA256SUMS
checked=0
while IFS='|' read -r _ file _ hash _; do
    file=$(echo "$file" | tr -d ' `'); hash=$(echo "$hash" | tr -d ' `')
    [[ "$file" == *.gz && ${#hash} == 64 ]] || continue
    actual=$(gzip -dc "$file" | sha256sum | cut -d' ' -f1)
    [ "$actual" = "$hash" ] || { echo "Data/$file: decompressed SHA-256 $actual, README.md says $hash"; exit 1; }
    checked=$((checked + 1))
done < README.md
listed=$(wc -l < SHA256SUMS)
[ "$checked" = "$listed" ] || { echo "README.md lists $checked files, SHA256SUMS $listed"; exit 1; }
echo "Data/: $checked files match SHA256SUMS and the published checksums of README.md"
