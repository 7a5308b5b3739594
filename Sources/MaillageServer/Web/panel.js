// The side panel of the web map (/web/panel.js): commune search (server-side, /api/v1/map/search), the nearest
// volunteers of a commune or a clicked point (/api/v1/nearest), the coordinator's waiting list and requests near a GP
// (coordinator-only routes, called only once a token was entered, the token kept in memory only), and the ARS coverage
// table. Runs after map.js, whose globals it uses.
"use strict";
async function findCommune(code) {
  const answer = await (await fetch(`/api/v1/map/search?q=${encodeURIComponent(code)}`)).json();
  const found = answer.communes || [];
  return found.find(c => c.code === code) || found[0] || null;
}

async function nearest(query) {
  const search = new URLSearchParams({ k: "5", ...query }), panel = document.getElementById("nearest");
  const response = await fetch(`/api/v1/nearest?${search}`), answer = await response.json();
  results.clearLayers();
  if (!response.ok) { panel.textContent = answer.detail || answer.error; return; }
  const where = answer.location, inCPTS = where.cpts.length ? `CPTS ${where.cpts.join(", ")}` : "zone blanche";
  panel.innerHTML = `<p>${esc(where.code_commune ?? "hors territoire")} — ${esc(inCPTS)}</p><table id="nearest-results"><thead><tr><th>RPPS</th><th class="num">km</th><th class="num">places</th><th>visites</th></tr></thead><tbody></tbody></table>`;
  const body = panel.querySelector("tbody");
  L.circleMarker([where.lat, where.lon], { pane: "results", className: "patient", radius: 7, color: "#fff", weight: 2, fillColor: "#e65100", fillOpacity: 1 })
    .bindTooltip("patient").addTo(results);
  for (const v of answer.volunteers) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${esc(v.rpps)}</td><td class="num">${v.distance_km.toFixed(1)}</td><td class="num">${v.places_restantes}</td><td>${v.visites_domicile ? "oui" : "non"}</td>`;
    body.appendChild(tr);
    L.circleMarker([v.lat, v.lon], { pane: "results", className: "nearest-volunteer", radius: 6, color: "#fff", weight: 2, fillColor: "#0b5394", fillOpacity: 1 })
      .bindTooltip(`${esc(v.rpps)} — ${v.distance_km.toFixed(1)} km`).addTo(results);
  }
}
map.on("click", e => nearest({ lat: e.latlng.lat.toFixed(6), lon: e.latlng.lng.toFixed(6) }).catch(showError));

// Commune search: by name or INSEE code, on the server (the page holds no list of 35 000 communes).
const searchBox = document.getElementById("commune-search"), suggestions = document.getElementById("suggestions");
let searchTimer = null;
searchBox.addEventListener("input", () => {
  clearTimeout(searchTimer);
  const q = searchBox.value.trim();
  if (q.length < 2) { suggestions.innerHTML = ""; return; }
  searchTimer = setTimeout(async () => {
    const answer = await (await fetch(`/api/v1/map/search?q=${encodeURIComponent(q)}`)).json();
    suggestions.innerHTML = "";
    for (const c of answer.communes || []) {
      const div = document.createElement("div");
      div.textContent = `${c.name} (${c.code})`;
      div.onclick = () => {
        searchBox.value = div.textContent; suggestions.innerHTML = ""; selectedCommune = c.code;
        if (c.bbox) map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { maxZoom: 13 });
        refresh().catch(showError);   // outlines the commune even when the view does not move
        nearest({ commune: c.code }).catch(showError);
      };
      suggestions.appendChild(div);
    }
  }, 150);
});
searchBox.addEventListener("keydown", e => { if (e.key === "Enter" && suggestions.firstChild) suggestions.firstChild.click(); });

// The coordinator: its token goes only to the routes that need it, and stays in this page's memory.
let token = null;
function withToken(url, options = {}) { return fetch(url, { ...options, headers: { Authorization: `Bearer ${token}` } }); }
document.getElementById("login").addEventListener("submit", async e => {
  e.preventDefault();
  const input = document.getElementById("token"), panel = document.getElementById("coordinator-cpts");
  token = input.value.trim(); input.value = "";
  const response = await withToken("/api/v1/map/me"), me = await response.json();
  document.getElementById("coordinator").hidden = false;
  if (!response.ok || me.role !== "coordinator") {
    panel.textContent = response.ok ? "Ce jeton n'est pas celui d'un coordinateur : pas de données patients." : (me.detail || me.error);
    token = null; return;
  }
  window.myCPTS = me.cpts;
  panel.textContent = `${me.cpts.name} (${me.cpts.id})`;
  if (!viewSelect.querySelector('option[value="ma-cpts"]')) viewSelect.insertAdjacentHTML("beforeend", '<option value="ma-cpts">ma CPTS</option>');
  viewSelect.value = "ma-cpts";
  if (me.cpts.bbox) showView(me.cpts.bbox);
  await waitingList();
});

// The waiting list as the matching would place it now (a dry run: nothing is recorded).
async function waitingList() {
  const response = await withToken("/api/v1/match?max_km=30", { method: "POST" }), m = await response.json(), panel = document.getElementById("waiting-list");
  if (!response.ok) { panel.textContent = m.detail || m.error; return; }
  panel.innerHTML = `<table><thead><tr><th>Priorité</th><th class="num">en attente</th><th class="num">placés à 30 km</th></tr></thead><tbody>` +
    m.by_priority.map(r => `<tr><td>${esc(r.priorite)}</td><td class="num">${r.waiting}</td><td class="num">${r.placed}</td></tr>`).join("") + "</tbody></table>" +
    (m.unassigned.length ? `<p>Sans proposition : ${m.unassigned.slice(0, 20).map(u => `${esc(u.reference)} (${esc(u.reason)})`).join(", ")}${m.unassigned.length > 20 ? "…" : ""}</p>` : "");
}

window.volunteerClicked = feature => {
  if (!token) return;
  document.getElementById("rpps").value = feature.properties.rpps;
  requestsNear(feature).catch(showError);
};
document.getElementById("near-form").addEventListener("submit", e => { e.preventDefault(); requestsNear(null).catch(showError); });

async function requestsNear(feature) {
  const rpps = document.getElementById("rpps").value.trim(), km = document.getElementById("near-km").value || "10";
  const response = await withToken(`/api/v1/requests-near?rpps=${encodeURIComponent(rpps)}&km=${encodeURIComponent(km)}`), rows = await response.json();
  const panel = document.getElementById("requests-near");
  if (!response.ok) { panel.textContent = rows.detail || rows.error; return; }
  panel.innerHTML = `<p>${rows.length} demande(s) à ${esc(km)} km</p><table><thead><tr><th>Réf.</th><th>Commune</th><th>Priorité</th><th class="num">km</th></tr></thead><tbody>` +
    rows.map(r => `<tr><td>${esc(r.reference)}</td><td>${esc(r.code_commune)}</td><td>${esc(r.priorite)}</td><td class="num">${r.distance_km.toFixed(1)}</td></tr>`).join("") + "</tbody></table>";
  if (feature) {
    results.clearLayers();
    const [lon, lat] = feature.geometry.coordinates;
    L.circle([lat, lon], { pane: "results", radius: Number(km) * 1000, color: "#e65100", weight: 1, fillOpacity: 0.05 }).addTo(results);
  }
}

async function loadCoverage() {
  const rows = await (await fetch("/api/v1/coverage?by=departement")).json(), body = document.querySelector("#coverage tbody");
  body.innerHTML = rows.map(r => `<tr><td>${esc(r.departement)}</td><td class="num">${number(r.population_total)}</td>` +
    `<td class="num">${number(r.population_covered)}</td><td class="num">${percent(r.coverage_rate)}</td></tr>`).join("");
}

async function load() {
  await startMap();
  if (params.get("commune")) await nearest({ commune: params.get("commune") });
  await loadCoverage();
  document.body.dataset.loaded = "true";   // what the headless-browser tests wait for
}
load().catch(showError);
