// The map half of the web map (/web/map.js): Leaflet, the layers, their styles and tooltips, the tolerance chosen by
// zoom, and the redraw after each move. Globals shared with panel.js: `map`, `params`, `results` (the
// nearest-volunteers overlay), `refresh()`, `showView(bbox)`, `outlineCPTS(id, bbox)`, `selectedCommune`, `esc()`.
"use strict";
const params = new URLSearchParams(location.search);
// Vector layers only, on the plain background of #map: no tile layer, nothing fetched from elsewhere.
const map = L.map("map", { zoomSnap: 1, minZoom: 3, maxZoom: 16 });
L.control.scale({ imperial: false }).addTo(map);
const COMMUNE_ZOOM = 10, POINT_ZOOM = 9;
const STATUS = { "pre-projet": ["#f6c85f", "pré-projet"], "lettre-intention-validee": ["#9dd866", "lettre d'intention validée"],
                 "projet-sante-valide": ["#6fb1e0", "projet de santé validé"], "aci-signe": ["#2e7d32", "ACI signé"] };
// The coverage classes of the printed maps (/api/v1/map/classes); each département and CPTS names its class.
let coverageClasses = [];
// White zones and overlaps: the legend's key is drawn with the same colour and opacity as the layer.
const WHITE_ZONE = { fill: "#d9534f", opacity: 0.35 }, OVERLAP = { fill: "#8e24aa", opacity: 1 };
// The accessibility index by département and by CPTS, for the national view of the accessibility choropleth.
const areaAccess = { departements: null, cpts: null };
const ACCESS_CLASSES = [[0, "#d73027", "< 40"], [40, "#fc8d59", "40–60"], [60, "#fee08b", "60–80"], [80, "#91cf60", "80–100"], [100, "#1a9850", "≥ 100"]];
const choropleth = document.getElementById("choropleth"), aciOnly = document.getElementById("aci-only");
if (params.get("layer") === "accessibility") choropleth.value = "accessibility";

function esc(text) { return String(text ?? "").replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`); }
function number(n) { return n == null ? "?" : Number(n).toLocaleString("fr"); }
function classColour(classes, value) { let colour = "#cccccc"; if (value == null) return colour; for (const [min, c] of classes) if (value >= min) colour = c; return colour; }
function rate(p) { return p[aciOnly.checked ? "coverage_rate_aci" : "coverage_rate"]; }
function coverageClass(p) { const id = p[aciOnly.checked ? "coverage_class_aci" : "coverage_class"]; return coverageClasses.find(c => c.class === id); }
function coverageColour(p) { return (coverageClass(p) || { colour: "#cccccc" }).colour; }
function percent(r) { return r == null ? "?" : `${(100 * r).toFixed(1)} %`; }

// One entry per layer, drawn in this order (one pane each, so a redrawn layer keeps its place).
// `source`: generalised map layer or OGC collection; `minZoom`: drawn from that zoom on (bounded responses).
const LAYERS = [
  { id: "departements", label: "Départements", source: "map", minZoom: 0 },
  { id: "communes", label: "Communes (contours)", source: "map", minZoom: COMMUNE_ZOOM },
  { id: "cpts", label: "CPTS par statut", source: "map", minZoom: 0 },
  { id: "white-zones", label: "Zones blanches", source: "map", minZoom: 0 },
  { id: "overlaps", label: "Chevauchements", source: "map", minZoom: 0 },
  { id: "pharmacies", label: "Pharmacies", source: "ogc", minZoom: POINT_ZOOM },
  { id: "volunteers", label: "Médecins volontaires", source: "ogc", minZoom: POINT_ZOOM },
];
LAYERS.forEach((layer, i) => {
  layer.on = true;
  map.createPane(layer.id).style.zIndex = 400 + i;
  const box = document.createElement("label");
  box.innerHTML = `<input type="checkbox" checked data-layer="${layer.id}"> ${layer.label}` +
    (layer.minZoom ? ` <span class="hint">(à partir du zoom ${layer.minZoom})</span>` : "");
  box.firstChild.addEventListener("change", e => { layer.on = e.target.checked; refresh(); });
  document.getElementById("layers").appendChild(box);
});
map.createPane("results").style.zIndex = 450;
const results = L.layerGroup().addTo(map);

// The accessibility choropleth: the départements filled by their index when zoomed out, the communes from COMMUNE_ZOOM
// (CPTS and points over it would tint every class).
function visible(layer, zoom) {
  const accessibility = choropleth.value === "accessibility";
  if (accessibility && layer.id === "communes") return zoom >= COMMUNE_ZOOM;
  if (accessibility && layer.id !== "departements") return false;
  return layer.on && zoom >= layer.minZoom;
}

// The commune of `?commune=` or of the search, outlined.
let selectedCommune = null;
// The CPTS picked in the search, or the coordinator's own ("ma CPTS"): outlined in the cpts layer itself, on its polygon.
let selectedCPTS = null;

function style(id, p) {
  const mode = choropleth.value;
  switch (id) {
    case "departements":
      if (mode === "departement") return { className: `departement class-${coverageClass(p)?.class}`, color: "#555", weight: 1, fillColor: coverageColour(p), fillOpacity: 0.8 };
      if (mode === "accessibility" && map.getZoom() < COMMUNE_ZOOM && areaAccess.departements)
        return { className: "departement access", color: "#fff", weight: 1, fillColor: classColour(ACCESS_CLASSES, areaAccess.departements[p.code]), fillOpacity: 0.85 };
      return { className: "departement", color: "#6b7785", weight: 1.2, fill: false };
    case "communes":
      if (p.code === selectedCommune) return { className: `commune c-${p.code} selected`, color: "#e65100", weight: 3,
        fill: mode === "accessibility", fillColor: classColour(ACCESS_CLASSES, p.index_per_100k), fillOpacity: 0.85 };
      return mode === "accessibility"
        ? { className: `commune c-${p.code}`, color: "#fff", weight: 0.5, fillColor: classColour(ACCESS_CLASSES, p.index_per_100k), fillOpacity: 0.85 }
        : { className: `commune c-${p.code}`, color: "#9aa5b1", weight: 0.5, fill: false };
    case "cpts": {
      const base = mode === "cpts" ? { className: `cpts status-${p.status}`, color: "#333", weight: 0.8, fillColor: coverageColour(p), fillOpacity: 0.8 }
        : mode === "departement" ? { className: `cpts status-${p.status}`, color: "#333", weight: 0.6, fill: false }
        : { className: `cpts status-${p.status}`, color: "#333", weight: 0.8, fillColor: (STATUS[p.status] || ["#999"])[0], fillOpacity: 0.45 };
      return p.id === selectedCPTS ? { ...base, className: `${base.className} selected-cpts`, color: "#e65100", weight: 3.5 } : base;
    }
    case "white-zones": return { className: "white-zone", color: "#a33", weight: 1, fillColor: WHITE_ZONE.fill, fillOpacity: mode ? 0 : WHITE_ZONE.opacity };
    case "overlaps": return { className: "overlap", color: "#6a1b9a", weight: 1, dashArray: "3", fillColor: OVERLAP.fill, fillOpacity: mode ? 0 : OVERLAP.opacity };
  }
}

function tooltip(id, p) {
  switch (id) {
    case "departements": return (p.name ? `${esc(p.name)} (${esc(p.code)})` : `Département ${esc(p.code)}`) + "<br>" + (p.population ? `${number(p.population)} hab., ${percent(rate(p))} couverts` : "population : sans donnée") +
      (choropleth.value === "accessibility" && areaAccess.departements && areaAccess.departements[p.code] != null
        ? `<br>accessibilité : ${areaAccess.departements[p.code].toFixed(1)} médecins / 100 000 hab.` : "");
    case "communes": return `${esc(p.name)} (${esc(p.code)}) — ${number(p.population)} hab.` + (p.cpts.length ? `<br>${esc(p.cpts.join(", "))}` : "<br>hors CPTS") +
      (p.index_per_100k != null ? `<br>accessibilité : ${p.index_per_100k.toFixed(1)} médecins / 100 000 hab.` : "");
    case "cpts": return `<b>${esc(p.name)}</b><br>${esc((STATUS[p.status] || [, p.status])[1])}<br>${number(p.population)} hab. — catégorie ${esc(p.size_category)}` +
      (p.funding_eur ? `<br>financement : ${number(p.funding_eur)} €/an` : "") + (choropleth.value === "cpts" ? `<br>couverture : ${percent(rate(p))}` : "");
    case "white-zones": return `Zone blanche — ${number(p.population)} hab., ${p.communes} communes`;
    case "overlaps": return `Chevauchement ${esc(p.name_a || p.cpts_a)} / ${esc(p.name_b || p.cpts_b)} — ${p.communes} communes, ${number(p.population)} hab.`;
    case "pharmacies": return `Pharmacie ${esc(p.name)}`;
    case "volunteers": return `Médecin ${esc(p.rpps)} — ${p.places_restantes} places` + (p.visites_domicile ? ", visites à domicile" : "")
      + (p.excluded ? ` — fiche du ${esc(p.mis_a_jour_le)} trop ancienne : hors orientation` : p.stale ? ` — à confirmer (fiche du ${esc(p.mis_a_jour_le)})` : "");
  }
}

// Rebuilds the layer's Leaflet group, unless it already shows this answer in this style.
function draw(layer, answer) {
  const look = [choropleth.value, aciOnly.checked, selectedCommune, selectedCPTS, map.getZoom() < COMMUNE_ZOOM].join(), data = answer.data;
  if (layer.drawn && layer.drawnFrom === answer && layer.look === look) return;
  if (layer.drawn) map.removeLayer(layer.drawn);
  layer.drawnFrom = answer; layer.look = look;
  layer.drawn = L.geoJSON(data, {
    pane: layer.id,
    style: f => style(layer.id, f.properties),
    pointToLayer: (f, latlng) => L.circleMarker(latlng, layer.id === "volunteers"
      // A stale entry in amber, an excluded one grey: the coordinator sees whom to call back.
      ? { pane: layer.id, className: f.properties.excluded ? "volunteer excluded" : f.properties.stale ? "volunteer stale" : "volunteer", radius: 4, color: "#fff",
          weight: 1, fillColor: f.properties.excluded ? "#999999" : f.properties.stale ? "#e69f00" : "#0b5394", fillOpacity: 1, bubblingMouseEvents: false }
      : { pane: layer.id, className: "pharmacy", radius: 2.5, stroke: false, fillColor: "#7b3294", fillOpacity: 0.9 }),
    onEachFeature: (f, l) => {
      l.bindTooltip(() => tooltip(layer.id, f.properties), { sticky: true });
      if (layer.id === "volunteers") l.on("click", () => window.volunteerClicked && window.volunteerClicked(f));
    },
  }).addTo(map);
  // Neighbouring CPTS drawn later would hide part of the selected one's outline.
  if (layer.id === "cpts" && selectedCPTS) layer.drawn.eachLayer(l => { if (l.feature.properties.id === selectedCPTS) l.bringToFront(); });
  layer.count = data.features.length;
}

// The generalisation levels (from /api/v1/map/status): the one closest to a pixel at the map's centre.
let tolerances = [], communeTolerance = null;
function toleranceFor(zoom) {
  const metresPerPixel = 40075016.686 * Math.cos(map.getCenter().lat * Math.PI / 180) / Math.pow(2, zoom + 8);
  return tolerances.reduce((best, t) => Math.abs(Math.log(t / metresPerPixel)) < Math.abs(Math.log(best / metresPerPixel)) ? t : best);
}

function bboxText(bounds) {
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(5);
  return [clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90), clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)].join(",");
}

// A layer's features for the view: reuses the last answer while the view stays inside its (padded) bbox.
async function featuresFor(layer, zoom) {
  const tolerance = layer.source === "ogc" ? 0 : layer.id === "communes" ? communeTolerance : toleranceFor(zoom);
  const view = map.getBounds(), cache = layer.cache;
  if (cache && cache.tolerance === tolerance && cache.bounds.contains(view)) return cache;
  const bounds = view.pad(layer.id === "communes" ? 0.2 : 0.5), bbox = bboxText(bounds);
  const url = layer.source === "map" ? `/api/v1/map/${layer.id}?tolerance=${tolerance}&bbox=${bbox}`
                                     : `/ogc/collections/${layer.id}/items?limit=10000&bbox=${bbox}`;
  const response = await fetch(url, { headers: { Accept: "application/geo+json" } }), data = await response.json();
  if (!response.ok) throw new Error(`${layer.label} : ${data.detail || data.error}`);
  return layer.cache = { tolerance, bounds, data };
}

// Redraws every layer for the current view; a later move supersedes a redraw still waiting for its data.
let generation = 0, firstRender = null;
async function refresh() {
  const mine = ++generation, zoom = map.getZoom();
  if (choropleth.value === "accessibility" && !areaAccess.departements) {
    const rows = await (await fetch("/api/v1/accessibility?by=departement")).json();
    areaAccess.departements = Object.fromEntries(rows.map(r => [r.departement, r.index_per_100k]));
  }
  const wanted = LAYERS.filter(layer => visible(layer, zoom));
  // A layer refused (a communes view too wide for a large screen) is drawn empty, the others as usual.
  const failures = [];
  const answers = await Promise.all(wanted.map(layer => featuresFor(layer, zoom).catch(error => {
    failures.push(error.message); return { data: { type: "FeatureCollection", features: [] } };
  })));
  if (mine !== generation) return;
  for (const layer of LAYERS) if (layer.drawn && !wanted.includes(layer)) { map.removeLayer(layer.drawn); layer.drawn = null; layer.count = 0; }
  wanted.forEach((layer, i) => draw(layer, answers[i]));
  const count = id => (LAYERS.find(l => l.id === id).drawn ? LAYERS.find(l => l.id === id).count : 0);
  Object.assign(document.body.dataset, {
    shapes: wanted.reduce((n, layer) => n + layer.count, 0), zoom, tolerance: toleranceFor(zoom),
    cpts: count("cpts"), whiteZones: count("white-zones"), communes: count("communes"), departements: count("departements"),
  });
  legend();
  document.getElementById("status").textContent = `${document.body.dataset.shapes} formes, généralisées à ${toleranceFor(zoom)} m` +
    (zoom < COMMUNE_ZOOM ? ` — communes à partir du zoom ${COMMUNE_ZOOM}` : "") + failures.map(f => ` — ${f}`).join("");
  if (!firstRender) {
    firstRender = Math.round(performance.now());
    document.body.dataset.firstRenderMs = firstRender;
    console.log("maillage:first-render");   // stamped with wall time in Chromium's log (tests)
  }
}

function legend() {
  const key = (colour, label, extra = "") => `<div><span class="key" style="background:${colour};${extra}"></span>${label}</div>`;
  const mode = choropleth.value, element = document.getElementById("legend");
  if (mode === "departement" || mode === "cpts") {
    element.innerHTML = `<div>Population couverte${aciOnly.checked ? " (ACI signé seul)" : ""}</div>` +
      coverageClasses.map(c => key(c.colour, esc(c.label), "opacity:0.8")).join("");
  } else if (mode === "accessibility") {
    element.innerHTML = "<div>Médecins pour 100 000 hab. à 30 km (E2SFCA)</div>" + ACCESS_CLASSES.map(([, c, l]) => key(c, l)).join("") +
      (map.getZoom() < COMMUNE_ZOOM ? `<div class="hint">Par département ; par commune à partir du zoom ${COMMUNE_ZOOM}.</div>` : "");
  } else {
    element.innerHTML = Object.values(STATUS).map(([c, l]) => key(c, l, "opacity:0.45")).join("") +
      key(WHITE_ZONE.fill, "zone blanche", `opacity:${WHITE_ZONE.opacity}`) + key(OVERLAP.fill, "chevauchement", `opacity:${OVERLAP.opacity}`) +
      key("#7b3294", "pharmacie", "border-radius:6px") + key("#0b5394", "médecin volontaire", "border-radius:6px") +
      key("#e69f00", "médecin volontaire, fiche à confirmer", "border-radius:6px") + key("#999999", "fiche trop ancienne : hors orientation", "border-radius:6px");
  }
}
choropleth.addEventListener("change", refresh);
aciOnly.addEventListener("change", refresh);

// The territory switcher, from /api/v1/map/territories (MapTerritory's extents).
const viewSelect = document.getElementById("view");
let territories = [];
function showView(bbox) { map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]); }
// Fits the CPTS (when its bbox is known) and outlines it; `id` null removes the outline.
function outlineCPTS(id, bbox) {
  selectedCPTS = id;
  document.body.dataset.selectedCpts = id || "";
  if (window.showDiagnostic) window.showDiagnostic(id).catch(showError);
  if (bbox) showView(bbox);
  if (!tolerances.length) return Promise.resolve();   // the map is still starting: its first draw outlines it
  return refresh();   // restyles even when the view does not move
}
viewSelect.addEventListener("change", () => {
  const choice = viewSelect.value, territory = territories.find(t => t.id === choice);
  if (territory) { showView(territory.bbox); history.replaceState(null, "", `?view=${choice}`); }
  else if (choice === "ma-cpts" && window.myCPTS) outlineCPTS(window.myCPTS.id, window.myCPTS.bbox).catch(showError);
});

async function startMap() {
  const [list, status, classes] = await Promise.all([fetch("/api/v1/map/territories").then(r => r.json()), fetch("/api/v1/map/status").then(r => r.json()),
                                                     fetch("/api/v1/map/classes").then(r => r.json())]);
  coverageClasses = classes.coverage;
  territories = list.territories;
  tolerances = status.levels.map(l => l.tolerance_m);
  communeTolerance = Math.min(...status.levels.filter(l => l.layers.includes("communes")).map(l => l.tolerance_m));
  viewSelect.innerHTML = territories.map(t => `<option value="${t.id}">${esc(t.name)}</option>`).join("");
  const chosen = territories.find(t => t.id === params.get("view")) || territories[0];
  viewSelect.value = chosen.id;
  const commune = params.get("commune") ? await findCommune(params.get("commune")) : null;
  if (commune) selectedCommune = commune.code;
  if (commune && commune.bbox) map.fitBounds([[commune.bbox[1], commune.bbox[0]], [commune.bbox[3], commune.bbox[2]]], { maxZoom: 13 });
  else showView(chosen.bbox);
  await refresh();
  map.on("moveend", () => refresh().catch(showError));
  return commune;
}
function showError(error) { document.getElementById("status").textContent = "Erreur : " + error.message; }
