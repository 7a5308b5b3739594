/// The web map served at `/`: Leaflet (the system's copy, under `/vendor/leaflet`) drawing vector layers only,
/// on a plain background — no tiles, fonts or scripts from elsewhere: it runs on health-network machines.
/// Polygons come from `/api/v1/map/{layer}`, generalised at the tolerance closest to a pixel at the current
/// zoom and limited to the view, so that no view draws more than a few thousand shapes; points and the
/// nearest volunteers from the OGC and JSON APIs. `MapScript` draws the map, `PanelScript` runs the side panel.
///
/// For tests, `<body>` carries `data-loaded="true"` once the first view is drawn (and `?commune=`'s volunteers
/// listed), `data-shapes` (shapes drawn at the current view), `data-first-render-ms` (performance.now() at the
/// first complete render), and the page logs `maillage:first-render` to the console.
enum MapPage {
    static let html = #"""
<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Maillage — CPTS</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script>console.log("maillage:navigation");</script>
<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; display: grid; grid-template-columns: 1fr 340px; height: 100vh; }
  #map { width: 100%; height: 100vh; background: #e9eff4; }
  aside { overflow-y: auto; padding: 12px; border-left: 1px solid #ccd; background: #fafbfc; }
  h1 { font-size: 18px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 16px 0 6px; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 4px; border-bottom: 1px solid #e3e6ea; text-align: left; }
  td.num, th.num { text-align: right; } input, select { box-sizing: border-box; padding: 4px; } #commune-search, #token { width: 100%; }
  input[type=checkbox] { width: auto; } label { display: block; margin: 2px 0; }
  #suggestions div { cursor: pointer; padding: 2px 4px; } #suggestions div:hover { background: #e8eef5; }
  .legend span.key { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 0; vertical-align: middle; border: 1px solid #0003; }
  .legend div { margin: 2px 0; } #status, .hint { color: #666; font-size: 12px; }
  .leaflet-container { font: inherit; }
</style>
<script src="/vendor/leaflet/leaflet.js"></script>
</head>
<body>
<div id="map"></div>
<aside>
  <h1>Maillage</h1>
  <div id="status">Chargement…</div>
  <label>Territoire <select id="view"></select></label>
  <h2>Couches</h2>
  <div id="layers"></div>
  <h2>Carte thématique</h2>
  <select id="choropleth">
    <option value="">statut des CPTS</option>
    <option value="departement">taux de couverture par département</option>
    <option value="cpts">taux de couverture par CPTS</option>
    <option value="accessibility">accessibilité aux généralistes par commune</option>
  </select>
  <label><input type="checkbox" id="aci-only"> ne compter que les CPTS à l'ACI signé</label>
  <div class="legend" id="legend"></div>
  <p class="hint">Cartes pour rapports (Lambert-93, DROM en encarts) : couverture par département
    <a href="/api/v1/maps/coverage.png" target="_blank">PNG</a> · <a href="/api/v1/maps/coverage.svg" target="_blank">SVG</a>,
    zones blanches <a href="/api/v1/maps/white-zones.png" target="_blank">PNG</a> · <a href="/api/v1/maps/white-zones.svg" target="_blank">SVG</a></p>
  <h2>Médecins volontaires les plus proches</h2>
  <input id="commune-search" placeholder="Commune (nom ou code INSEE), ou cliquez sur la carte" autocomplete="off">
  <div id="suggestions"></div>
  <div id="nearest"></div>
  <h2>Coordinateur de CPTS</h2>
  <form id="login"><input id="token" type="password" placeholder="Jeton d'accès" autocomplete="off"></form>
  <div id="coordinator" hidden>
    <p id="coordinator-cpts"></p>
    <h2>Liste d'attente</h2>
    <div id="waiting-list"></div>
    <h2>Demandes près d'un médecin</h2>
    <form id="near-form"><input id="rpps" placeholder="RPPS (ou cliquez un volontaire)" size="16"> <input id="near-km" type="number" value="10" min="1" max="200" style="width:5em"> km</form>
    <div id="requests-near"></div>
  </div>
  <details><summary>ARS : couverture par département</summary>
  <table id="coverage"><thead><tr><th>Dép.</th><th class="num">Population</th><th class="num">Couverte</th><th class="num">Taux</th></tr></thead><tbody></tbody></table>
  </details>
</aside>
<script>
"""# + MapScript.javascript + PanelScript.javascript + #"""
</script>
</body>
</html>
"""#
}
