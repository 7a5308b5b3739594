#!/usr/bin/env python3
"""Independent RFC 7946 check of GeoJSON files written by Maillage.

Uses geojson-validator (PyPI): structure (schema) and geometry criteria. Prints one JSON line per file
and exits 1 if any file is invalid. Holes are fine (enclaves); everything else it flags is an error.

    python3 Tools/validate-geojson.py out/cpts.geojson out/white-zones.geojson
"""
import json
import logging
import sys

import geojson_validator

INVALID = ("unclosed", "less_three_unique_nodes", "exterior_not_ccw", "interior_not_cw")
PROBLEMATIC = ("inner_and_exterior_ring_intersect", "self_intersection", "duplicate_nodes",
               "excessive_coordinate_precision", "3d_coordinates", "outside_lat_lon_boundaries",
               "crosses_antimeridian")


def check(path):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    problems = {}
    structure = geojson_validator.validate_structure(document, check_crs=True)
    if structure:
        problems["structure"] = structure
    if "crs" in document:
        problems["crs_member"] = "RFC 7946 has no crs member"
    geometries = geojson_validator.validate_geometries(document, criteria_invalid=INVALID, criteria_problematic=PROBLEMATIC)
    for kind in ("invalid", "problematic"):
        if geometries.get(kind):
            problems[kind] = geometries[kind]
    return {"file": path, "features": len(document.get("features", [])), "problems": problems}


def main(paths):
    logging.disable(logging.CRITICAL)
    failed = False
    for path in paths:
        result = check(path)
        failed = failed or bool(result["problems"])
        print(json.dumps(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
