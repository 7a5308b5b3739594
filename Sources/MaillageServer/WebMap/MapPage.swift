/// The web map served at `/`: one self-contained page (no external tiles, fonts or scripts — it runs on
/// health-network machines). It reads the OGC API and the JSON API of this server, draws communes, CPTS
/// (coloured by status), white zones and pharmacies as SVG with pan and zoom, and has a coordinator panel
/// (nearest volunteer GPs for a commune typed or clicked) and an ARS panel (coverage by département).
enum MapPage {
    static let html = #"""
<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Maillage — CPTS</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; display: grid; grid-template-columns: 1fr 340px; height: 100vh; }
  #map { width: 100%; height: 100vh; background: #eef3f7; cursor: grab; }
  #map.dragging { cursor: grabbing; }
  aside { overflow-y: auto; padding: 12px; border-left: 1px solid #ccd; background: #fafbfc; }
  h1 { font-size: 18px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 16px 0 6px; }
  .commune { fill: #fff; stroke: #b8c2cc; stroke-width: 0.4; vector-effect: non-scaling-stroke; }
  .cpts { fill-opacity: 0.45; stroke: #333; stroke-width: 1; vector-effect: non-scaling-stroke; }
  .status-pre-projet { fill: #f6c85f; } .status-lettre-intention-validee { fill: #9dd866; }
  .status-projet-sante-valide { fill: #6fb1e0; } .status-aci-signe { fill: #2e7d32; }
  .white-zone { fill: #d9534f; fill-opacity: 0.35; stroke: #a33; stroke-width: 1; vector-effect: non-scaling-stroke; }
  .pharmacy { fill: #7b3294; } .volunteer { fill: #0b5394; stroke: #fff; stroke-width: 1; vector-effect: non-scaling-stroke; }
  .patient { fill: #e65100; stroke: #fff; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 4px; border-bottom: 1px solid #e3e6ea; text-align: left; }
  td.num, th.num { text-align: right; } input { width: 100%; box-sizing: border-box; padding: 4px; }
  #suggestions div { cursor: pointer; padding: 2px 4px; } #suggestions div:hover { background: #e8eef5; }
  .legend span { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
  .legend .status-pre-projet { background: #f6c85f; } .legend .status-lettre-intention-validee { background: #9dd866; }
  .legend .status-projet-sante-valide { background: #6fb1e0; } .legend .status-aci-signe { background: #2e7d32; }
  #status { color: #666; font-size: 12px; }
  input[type=checkbox] { width: auto; } .access-class { display: inline-block; width: 12px; height: 12px; margin: 0 2px 0 6px; vertical-align: middle; }
</style>
</head>
<body>
<svg id="map" xmlns="http://www.w3.org/2000/svg"><g id="viewport"><g id="communes"></g><g id="white-zones"></g><g id="cpts"></g>
<g id="pharmacies"></g><g id="results"></g></g></svg>
<aside>
  <h1>Maillage</h1>
  <div id="status">Chargement…</div>
  <div class="legend">
    <div><span class="status-pre-projet"></span>pré-projet <span class="status-lettre-intention-validee"></span>lettre d'intention</div>
    <div><span class="status-projet-sante-valide"></span>projet de santé <span class="status-aci-signe"></span>ACI signé</div>
    <div><span class="white-zone" style="background:#d9534f99"></span>zone blanche <span style="background:#7b3294;border-radius:6px"></span>pharmacie</div>
  </div>
  <h2>Coordinateur : médecins volontaires</h2>
  <input id="commune-search" placeholder="Commune (nom ou code INSEE), ou cliquez sur la carte" autocomplete="off">
  <div id="suggestions"></div>
  <div id="nearest"></div>
  <h2>Accessibilité aux généralistes</h2>
  <label><input type="checkbox" id="accessibility-toggle"> communes coloriées par l'indice E2SFCA (médecins pour 100 000 hab. à 30 km)</label>
  <div class="legend" id="accessibility-legend" hidden></div>
  <h2>ARS : couverture par département</h2>
  <table id="coverage"><thead><tr><th>Dép.</th><th class="num">Population</th><th class="num">Couverte</th><th class="num">Taux</th></tr></thead><tbody></tbody></table>
</aside>
<script>
"use strict";
const svg = document.getElementById("map"), viewport = document.getElementById("viewport");
const NS = "http://www.w3.org/2000/svg";
let view = { x: 0, y: 0, k: 1 }, communes = [];

// Equirectangular projection scaled by cos(latitude) at the layer's centre: good enough for a region.
let projection = { cx: 0, cy: 0, cos: 1, scale: 1 };
function project([lon, lat]) { return [(lon - projection.cx) * projection.cos * projection.scale, -(lat - projection.cy) * projection.scale]; }
function unproject([x, y]) { return [x / (projection.cos * projection.scale) + projection.cx, -y / projection.scale + projection.cy]; }
function fitProjection(bbox) {
  const [minX, minY, maxX, maxY] = bbox, rect = svg.getBoundingClientRect();
  projection.cx = (minX + maxX) / 2; projection.cy = (minY + maxY) / 2; projection.cos = Math.cos(projection.cy * Math.PI / 180);
  projection.scale = 0.95 * Math.min(rect.width / ((maxX - minX) * projection.cos), rect.height / (maxY - minY));
  view = { x: rect.width / 2, y: rect.height / 2, k: 1 }; applyView();
}
function applyView() { viewport.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`); }

function pathData(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.map(rings => rings.map(ring => "M" + ring.map(p => project(p).map(v => v.toFixed(1)).join(",")).join("L") + "Z").join("")).join("");
}
function addPath(group, feature, className) {
  const path = document.createElementNS(NS, "path");
  path.setAttribute("d", pathData(feature.geometry)); path.setAttribute("class", className);
  const title = document.createElementNS(NS, "title"); title.textContent = feature.title || ""; path.appendChild(title);
  document.getElementById(group).appendChild(path); return path;
}
function addPoint(group, lonlat, className, radius, label) {
  const [x, y] = project(lonlat), c = document.createElementNS(NS, "circle");
  c.setAttribute("cx", x); c.setAttribute("cy", y); c.setAttribute("r", radius / view.k); c.setAttribute("class", className);
  c.dataset.radius = radius;
  if (label) { const t = document.createElementNS(NS, "title"); t.textContent = label; c.appendChild(t); }
  document.getElementById(group).appendChild(c); return c;
}

async function items(collection) {
  let url = `/ogc/collections/${collection}/items?limit=10000`, features = [];
  while (url) {
    const page = await (await fetch(url, { headers: { Accept: "application/geo+json" } })).json();
    features = features.concat(page.features);
    const next = (page.links || []).find(l => l.rel === "next"); url = next ? next.href : null;
  }
  return features;
}

async function load() {
  const status = document.getElementById("status");
  communes = await items("communes");
  const bbox = communes.reduce((b, f) => { for (const [x, y] of allPositions(f.geometry)) { b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y); } return b; }, [180, 90, -180, -90]);
  fitProjection(bbox);
  for (const f of communes) { if (f.geometry) { f.title = `${f.properties.name} (${f.id}) — ${f.properties.population ?? "?"} hab.`; addPath("communes", f, "commune").dataset.code = f.id; } }
  const [cpts, zones, pharmacies] = await Promise.all([items("cpts"), items("white-zones"), items("pharmacies")]);
  for (const f of cpts) { if (f.geometry) { f.title = `${f.properties.name} — ${f.properties.status} — ${f.properties.population} hab.`; addPath("cpts", f, `cpts status-${f.properties.status}`).dataset.cpts = f.id; } }
  for (const f of zones) { if (f.geometry) { f.title = `Zone blanche — ${f.properties.population} hab., ${f.properties.communes} communes`; addPath("white-zones", f, "white-zone"); } }
  for (const f of pharmacies) { if (f.geometry) addPoint("pharmacies", f.geometry.coordinates, "pharmacy", 1.5, f.properties.name); }
  status.textContent = `${communes.length} communes, ${cpts.length} CPTS, ${zones.length} zones blanches, ${pharmacies.length} pharmacies`;
  await loadCoverage();
  const toggle = document.getElementById("accessibility-toggle");
  toggle.addEventListener("change", () => showAccessibility(toggle.checked));
  const params = new URLSearchParams(location.search);
  if (params.get("layer") === "accessibility") { toggle.checked = true; await showAccessibility(true); }
  const preset = params.get("commune"); if (preset) await nearest({ commune: preset });
  document.body.dataset.loaded = "true";   // what the headless-browser test waits for
}
// The accessibility layer: the OGC collection's index per commune, in five classes (GPs per 100 000 inhabitants).
const accessClasses = [[0, "#d73027", "< 40"], [40, "#fc8d59", "40–60"], [60, "#fee08b", "60–80"], [80, "#91cf60", "80–100"], [100, "#1a9850", "≥ 100"]];
let accessibility = null;
function accessColour(value) { let colour = "#cccccc"; if (value == null) return colour; for (const [min, c] of accessClasses) if (value >= min) colour = c; return colour; }
async function showAccessibility(on) {
  if (on && !accessibility) accessibility = new Map((await items("accessibility")).map(f => [f.id, f.properties.index_per_100k]));
  for (const path of document.querySelectorAll("#communes path")) path.style.fill = on ? accessColour(accessibility.get(path.dataset.code)) : "";
  const legend = document.getElementById("accessibility-legend");
  legend.innerHTML = accessClasses.map(([, colour, label]) => `<span class="access-class" style="background:${colour}"></span>${label}`).join("");
  legend.hidden = !on;
  // The choropleth alone: the CPTS, white zones and pharmacies drawn over it would tint every class.
  for (const group of ["cpts", "white-zones", "pharmacies"]) document.getElementById(group).style.display = on ? "none" : "";
}

function* allPositions(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const rings of polygons) for (const ring of rings) yield* ring;
}

async function loadCoverage() {
  const rows = await (await fetch("/api/v1/coverage?by=departement")).json(), body = document.querySelector("#coverage tbody");
  body.innerHTML = "";
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${r.departement}</td><td class="num">${r.population_total.toLocaleString("fr")}</td><td class="num">${r.population_covered.toLocaleString("fr")}</td><td class="num">${(100 * r.coverage_rate).toFixed(1)} %</td>`;
    body.appendChild(tr);
  }
}

async function nearest(query) {
  const params = new URLSearchParams({ k: "5", ...query }), panel = document.getElementById("nearest");
  const response = await fetch(`/api/v1/nearest?${params}`), answer = await response.json();
  const results = document.getElementById("results"); results.innerHTML = "";
  if (!response.ok) { panel.textContent = answer.detail || answer.error; return; }
  const where = answer.location, inCPTS = where.cpts.length ? `CPTS ${where.cpts.join(", ")}` : "zone blanche";
  panel.innerHTML = `<p>${where.code_commune ?? "hors territoire"} — ${inCPTS}</p><table id="nearest-results"><thead><tr><th>RPPS</th><th class="num">km</th><th class="num">places</th><th>visites</th></tr></thead><tbody></tbody></table>`;
  const body = panel.querySelector("tbody");
  addPoint("results", [where.lon, where.lat], "patient", 6, "patient");
  for (const v of answer.volunteers) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${v.rpps}</td><td class="num">${v.distance_km.toFixed(1)}</td><td class="num">${v.places_restantes}</td><td>${v.visites_domicile ? "oui" : "non"}</td>`;
    body.appendChild(tr);
    addPoint("results", [v.lon, v.lat], "volunteer", 5, `${v.rpps} — ${v.distance_km.toFixed(1)} km`);
  }
}

const search = document.getElementById("commune-search"), suggestions = document.getElementById("suggestions");
function normalise(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
search.addEventListener("input", () => {
  const q = normalise(search.value.trim()); suggestions.innerHTML = "";
  if (q.length < 2) return;
  for (const f of communes.filter(f => f.id.startsWith(q) || normalise(f.properties.name).includes(q)).slice(0, 8)) {
    const div = document.createElement("div"); div.textContent = `${f.properties.name} (${f.id})`;
    div.onclick = () => { search.value = div.textContent; suggestions.innerHTML = ""; nearest({ commune: f.id }); };
    suggestions.appendChild(div);
  }
});
search.addEventListener("keydown", e => { if (e.key === "Enter" && suggestions.firstChild) suggestions.firstChild.click(); });

// Pan with the mouse, zoom with the wheel around the pointer; a click without drag asks for the nearest GPs.
let drag = null;
svg.addEventListener("mousedown", e => { drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false }; svg.classList.add("dragging"); });
window.addEventListener("mousemove", e => { if (!drag) return; const dx = e.clientX - drag.x, dy = e.clientY - drag.y; if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true; view.x = drag.vx + dx; view.y = drag.vy + dy; applyView(); });
window.addEventListener("mouseup", e => {
  if (drag && !drag.moved) {
    const rect = svg.getBoundingClientRect(), x = (e.clientX - rect.left - view.x) / view.k, y = (e.clientY - rect.top - view.y) / view.k;
    const [lon, lat] = unproject([x, y]); nearest({ lat: lat.toFixed(6), lon: lon.toFixed(6) });
  }
  drag = null; svg.classList.remove("dragging");
});
svg.addEventListener("wheel", e => {
  e.preventDefault(); const rect = svg.getBoundingClientRect(), px = e.clientX - rect.left, py = e.clientY - rect.top;
  const factor = Math.exp(-e.deltaY * 0.0015), k = Math.min(200, Math.max(0.5, view.k * factor)), f = k / view.k;
  view.x = px - (px - view.x) * f; view.y = py - (py - view.y) * f; view.k = k; applyView();
  for (const c of svg.querySelectorAll("circle")) c.setAttribute("r", c.dataset.radius / view.k);
}, { passive: false });

load().catch(error => { document.getElementById("status").textContent = "Erreur : " + error; });
</script>
</body>
</html>
"""#
}
