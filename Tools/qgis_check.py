"""QGIS as users run it, headless: every collection of the service's OGC API opened with the OAPIF provider
(what *Layer → Add WFS / OGC API – Features Layer* uses), checked against what the server itself answers.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 Tools/qgis_check.py http://127.0.0.1:PORT/

For each collection of /ogc/collections: the layer is valid; its feature count (features read through QGIS)
equals the server's numberMatched; its field names are the properties of the server's features; a polygon
layer is typed MultiPolygon; and one bbox request through QGIS returns the features the server matches for
that bbox. Any mismatch is printed and the exit status is 1.
"""
import json
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsFeatureRequest, QgsProviderRegistry, QgsRectangle,  # noqa: E402
                       QgsVectorLayer, QgsWkbTypes)

# From the Oise to Lille: hundreds of communes, tens of CPTS and white zones, overlaps of both kinds (inside one département and across two).
BBOX = (2.0, 49.35, 3.4, 50.7)
POLYGON_TYPES = {"Polygon", "MultiPolygon"}


def get(url):
    with urllib.request.urlopen(url, timeout=120) as answer:
        return json.load(answer)


def server_facts(base, collection, bbox=None):
    """numberMatched, the property names and geometry types of the server's first page."""
    url = f"{base}ogc/collections/{collection}/items?limit=50"
    if bbox:
        url += "&bbox=" + ",".join(str(v) for v in bbox)
    page = get(url)
    names, types = [], set()
    for feature in page["features"]:
        for name in feature["properties"]:
            if name not in names:
                names.append(name)
        if feature["geometry"]:
            types.add(feature["geometry"]["type"])
    return page["numberMatched"], names, types


def main(base):
    application = QgsApplication([], False)
    application.initQgis()
    if "OAPIF" not in QgsProviderRegistry.instance().providerList():
        print("QGIS has no OAPIF provider (install qgis-providers)")
        return 1
    failures = []
    collections = [c["id"] for c in get(base + "ogc/collections")["collections"]]
    print(f"{len(collections)} collections: {', '.join(collections)}")
    for collection in collections:
        matched, names, types = server_facts(base, collection)
        layer = QgsVectorLayer(f"url='{base}ogc' typename='{collection}'", collection, "OAPIF")
        if not layer.isValid():
            failures.append(f"{collection}: QGIS finds the layer invalid ({layer.error().summary()})")
            continue
        read = sum(1 for _ in layer.getFeatures())
        fields = [f.name() for f in layer.fields()]
        # QGIS adds the feature id of the GeoJSON (`id`) as a field of its own when the properties do not hold one.
        qgis_properties = fields if "id" in names else [f for f in fields if f != "id"]
        geometry = QgsWkbTypes.displayString(layer.wkbType())
        line = f"{collection}: {read} features (server: {matched}), {len(fields)} fields, {geometry}"
        if read != matched:
            failures.append(f"{collection}: QGIS read {read} features, the server matches {matched}")
        if qgis_properties != names:
            failures.append(f"{collection}: QGIS fields {qgis_properties}, server properties {names}")
        if types & POLYGON_TYPES:
            if types != {"MultiPolygon"}:
                failures.append(f"{collection}: the server answers {sorted(types)}, not MultiPolygon only")
            if QgsWkbTypes.flatType(layer.wkbType()) != QgsWkbTypes.MultiPolygon:
                failures.append(f"{collection}: QGIS types the layer {geometry}, not MultiPolygon")
        in_box, _, _ = server_facts(base, collection, BBOX)
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(*BBOX)).setFlags(QgsFeatureRequest.ExactIntersect)
        boxed = sum(1 for _ in layer.getFeatures(request))
        line += f"; bbox: {boxed} (server: {in_box})"
        if boxed != in_box:
            failures.append(f"{collection}: QGIS finds {boxed} features in the bbox, the server {in_box}")
        print(line)
        del layer
    for failure in failures:
        print("FAILED:", failure)
    print("qgis-check:", "FAILED" if failures else f"OK, {len(collections)} collections", flush=True)
    # No layer is left when QGIS exits; then no Python teardown, which would free Qt objects after QGIS (a segfault).
    application.exitQgis()
    return 1 if failures else 0


if __name__ == "__main__":
    status = main(sys.argv[1] if sys.argv[1].endswith("/") else sys.argv[1] + "/")
    sys.stdout.flush()
    os._exit(status)
