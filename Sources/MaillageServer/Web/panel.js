// The side panel of the web map (/web/panel.js): search of communes, CPTS and régions (server-side,
// /api/v1/map/search), the nearest volunteers of a commune or a clicked point (/api/v1/nearest), the coordinator's
// work (waiting-list upload, matching dry run and commit, history of assignments, CSV exports, requests near a GP:
// coordinator-only routes, called only once a token was entered, the token kept in memory only), and the ARS coverage
// table. Runs after map.js, whose globals it uses. Each coordinator step ends by setting a `data-*` attribute of
// <body> ("true", a count, or "error"), which the headless-browser tests wait for.
"use strict";
async function findCommune(code) {
  const answer = await (await fetch(`/api/v1/map/search?q=${encodeURIComponent(code)}`)).json();
  const found = answer.communes || [];
  return found.find(c => c.code === code) || found[0] || null;
}

// The CPTS by name beside their id (GET /api/v1/cpts/{id}, public), each asked once per page.
const cptsNameCache = new Map();
async function cptsNames(ids) {
  return Promise.all(ids.map(async id => {
    if (!cptsNameCache.has(id)) {
      cptsNameCache.set(id, fetch(`/api/v1/cpts/${encodeURIComponent(id)}`).then(r => r.ok ? r.json() : null).then(c => c && c.name).catch(() => null));
    }
    const name = await cptsNameCache.get(id);
    return name ? `${/^CPTS\b/i.test(name) ? name : `CPTS ${name}`} (${id})` : `CPTS ${id}`;
  }));
}

// The diagnostic of the CPTS picked (search, "ma CPTS"; GET /api/v1/cpts/{id}/diagnostic, public): every profession's
// density against the département's, as numbers and bars, the validation flags, the neighbours, and its one-page PDF.
// Sets data-diagnostic to the CPTS's id once drawn.
let diagnosticGeneration = 0;
async function showDiagnostic(id) {
  const panel = document.getElementById("diagnostic"), mine = ++diagnosticGeneration;
  delete document.body.dataset.diagnostic;
  if (!id) { panel.hidden = true; panel.innerHTML = ""; return; }
  const response = await fetch(`/api/v1/cpts/${encodeURIComponent(id)}/diagnostic`);
  if (mine !== diagnosticGeneration) return;   // another CPTS was picked meanwhile
  if (!response.ok) { panel.hidden = true; return; }
  drawDiagnostic(await response.json(), `/api/v1/cpts/${encodeURIComponent(id)}/diagnostic.pdf`);
}
window.showDiagnostic = showDiagnostic;

// A diagnostic's answer in the panel; `pdf`: the link to its page (a stored CPTS's only).
function drawDiagnostic(d, pdf) {
  const panel = document.getElementById("diagnostic"), p = d.perimeter;
  const decimal = v => v == null ? "–" : Number(v).toLocaleString("fr", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const largest = Math.max(1e-9, ...d.professions.flatMap(r => [r.per_10k || 0, r.departement_per_10k || 0]));
  const bar = (value, kind) => `<div class="bar ${kind}" style="width:${(100 * (value || 0) / largest).toFixed(1)}%"></div>`;
  const zones = d.neighbours.white_zones;
  panel.innerHTML = `<h2>Diagnostic : ${esc(p.name)}</h2>
    <p>${number(p.population)} hab. · ${number(p.communes)} commune${p.communes > 1 ? "s" : ""} · taille ${esc(p.size_category)}
      ${pdf ? `· <a id="diagnostic-pdf" href="${pdf}" target="_blank">fiche PDF</a>` : ""}</p>
    <table class="professions"><thead><tr><th>Profession</th><th class="num">Prat.</th><th class="num">/10 000 hab.</th>
      <th class="num">Dép.</th><th title="bleu : le périmètre ; gris : le département">densité</th></tr></thead><tbody>` +
    d.professions.map(r => `<tr data-code="${esc(r.code)}"><td>${esc(r.label)}</td><td class="num">${r.practitioners}</td>
      <td class="num">${decimal(r.per_10k)}</td><td class="num">${decimal(r.departement_per_10k)}</td>
      <td class="bars">${bar(r.per_10k, "perimeter")}${bar(r.departement_per_10k, "departement")}</td></tr>`).join("") +
    `</tbody></table>
    <h3>Points d'attention</h3><ul class="flags">` +
    (d.flags.map(f => `<li data-code="${esc(f.code)}">${esc(f.message)}</li>`).join("") || "<li>aucun</li>") + `</ul>
    <p class="hint">CPTS voisines : ${d.neighbours.cpts.map(c => esc(c.id)).join(", ") || "aucune"} ;
      zones blanches au contact : ${zones.length} (${number(zones.reduce((s, z) => s + z.population, 0))} hab.)</p>`;
  panel.hidden = false;
  document.body.dataset.diagnostic = p.id;
}

async function nearest(query) {
  const search = new URLSearchParams({ k: "5", ...query }), panel = document.getElementById("nearest");
  // With a token, the answer names the GPs (the public RPPS directory); anonymous callers get numbers only.
  const response = token ? await withToken(`/api/v1/nearest?${search}`) : await fetch(`/api/v1/nearest?${search}`), answer = await response.json();
  results.clearLayers();
  if (!response.ok) { panel.textContent = answer.detail || answer.error; return; }
  const where = answer.location, inCPTS = where.cpts.length ? (await cptsNames(where.cpts)).join(", ") : "zone blanche";
  panel.innerHTML = `<p>${esc(where.code_commune ?? "hors territoire")} — ${esc(inCPTS)}</p><table id="nearest-results"><thead><tr><th>Médecin</th><th class="num">km</th><th class="num">places</th><th>visites</th></tr></thead><tbody></tbody></table>`;
  const body = panel.querySelector("tbody");
  L.circleMarker([where.lat, where.lon], { pane: "results", className: "patient", radius: 7, color: "#fff", weight: 2, fillColor: "#e65100", fillOpacity: 1 })
    .bindTooltip("patient").addTo(results);
  for (const v of answer.volunteers) {
    const tr = document.createElement("tr");
    const who = (v.nom ? `<span title="RPPS ${esc(v.rpps)}">${esc(v.nom)}</span><br><small>${esc(v.adresse || "")}</small>` : esc(v.rpps))
      + (v.stale ? `<br><small class="stale">à confirmer : fiche du ${esc(v.mis_a_jour_le)}</small>` : "");
    if (v.stale) tr.className = "stale";
    tr.innerHTML = `<td>${who}</td><td class="num">${v.distance_km.toFixed(1)}</td><td class="num">${v.places_restantes}</td><td>${v.visites_domicile ? "oui" : "non"}</td>`;
    body.appendChild(tr);
    L.circleMarker([v.lat, v.lon], { pane: "results", className: "nearest-volunteer", radius: 6, color: "#fff", weight: 2, fillColor: "#0b5394", fillOpacity: 1 })
      .bindTooltip(`${esc(v.nom || v.rpps)} — ${v.distance_km.toFixed(1)} km`).addTo(results);
  }
  if (answer.left_out_stale > 0) {
    const note = document.createElement("p");
    note.className = "left-out-stale";
    note.textContent = `${answer.left_out_stale} médecin(s) plus proche(s) laissé(s) de côté : fiche trop ancienne, à faire confirmer`;
    panel.appendChild(note);
  }
}
map.on("click", e => {
  const at = { lat: e.latlng.lat.toFixed(6), lon: e.latlng.lng.toFixed(6) };
  (drawingProposal ? pickProposalCommune(at) : nearest(at)).catch(showError);
});


// Search of communes (name or INSEE code), CPTS and régions, on the server (the page holds no list of 35 000 communes).
// Picking one replaces the previous pick's outline.
const searchBox = document.getElementById("commune-search"), suggestions = document.getElementById("suggestions");
let searchTimer = null, searchGeneration = 0;
function suggestion(kind, text, pick) {
  const div = document.createElement("div");
  div.className = `suggestion suggestion-${kind}`;
  div.textContent = text;
  div.onclick = () => { searchBox.value = text; suggestions.innerHTML = ""; pick(); };
  suggestions.appendChild(div);
}
searchBox.addEventListener("input", () => {
  clearTimeout(searchTimer);
  const q = searchBox.value.trim();
  if (q.length < 2) { suggestions.innerHTML = ""; return; }
  searchTimer = setTimeout(async () => {
    const mine = ++searchGeneration;
    const answer = await (await fetch(`/api/v1/map/search?q=${encodeURIComponent(q)}`)).json();
    if (mine !== searchGeneration) return;   // a later keystroke's answer is (or will be) shown
    suggestions.innerHTML = "";
    for (const c of answer.communes || []) suggestion("commune", `${c.name} (${c.code})`, () => {
      selectedCommune = c.code;
      if (c.bbox) map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { maxZoom: 13 });
      outlineCPTS(null).catch(showError);   // outlines the commune even when the view does not move
      nearest({ commune: c.code }).catch(showError);
    });
    for (const c of answer.cpts || []) suggestion("cpts", `${/^CPTS\b/i.test(c.name) ? c.name : `CPTS ${c.name}`} (${c.id})`, () => {
      selectedCommune = null;
      outlineCPTS(c.id, c.bbox).catch(showError);
    });
    for (const r of answer.regions || []) suggestion("region", `Région ${r.name}`, () => {
      selectedCommune = null;
      outlineCPTS(null, r.bbox).catch(showError);
    });
    document.body.dataset.suggestions = suggestions.children.length;
  }, 150);
});
searchBox.addEventListener("keydown", e => { if (e.key === "Enter" && suggestions.firstChild) suggestions.firstChild.click(); });

// The coordinator: its token goes only to the routes that need it, and stays in this page's memory.
let token = null;
function withToken(url, options = {}) {
  return fetch(url, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` } });
}
const $ = id => document.getElementById(id);
// Marks a step for the tests: set when it ends, removed when it starts again.
function mark(name, value) { if (value == null) delete document.body.dataset[name]; else document.body.dataset[name] = value; }
// The French message of a refused request: the server's JSON `detail`, else its `error`, else the HTTP status.
async function refusal(response) {
  const text = await response.text();
  try { const answer = JSON.parse(text); return answer.detail || answer.error || `erreur ${response.status}`; }
  catch { return `erreur ${response.status}${text ? ` : ${text.slice(0, 200)}` : ""}`; }
}
function km(value) { return value == null ? "?" : Number(value).toLocaleString("fr", { minimumFractionDigits: 1, maximumFractionDigits: 1 }); }
// The day in the table, the time in its tooltip: narrow columns.
function frenchDate(iso) {
  const d = new Date(iso);
  return iso && !isNaN(d) ? `<span title="${esc(d.toLocaleString("fr"))}">${esc(d.toLocaleDateString("fr"))}</span>` : esc(iso);
}
// The GP by name, the RPPS in the tooltip; the RPPS itself when the name is unknown.
function doctor(a) { return a.nom ? `<span title="RPPS ${esc(a.rpps)}">${esc(a.nom)}</span>` : `<span class="hint">RPPS</span> ${esc(a.rpps)}`; }
function maxKm() { return $("max-km").value || "30"; }
// Runs one step with its button disabled (no second commit while the first is under way); a failure is shown in
// `panel` and marks the step "error".
async function step(button, name, panel, work) {
  button.disabled = true; mark(name, null);
  try { mark(name, String(await work())); }
  catch (error) { panel.innerHTML = `<p class="error">${esc(error.message)}</p>`; mark(name, "error"); }
  finally { button.disabled = false; }
}

// A proposed perimeter drawn by clicking communes (the commune under a click: /api/v1/nearest's location), diagnosed by
// POST /api/v1/diagnostic with the ARS's or coordinator's token; nothing is stored. Sets data-proposal to the count
// of communes picked.
let drawingProposal = false, diagnosisToken = null;
const proposalCommunes = new Map();
async function pickProposalCommune(at) {
  const location = (await (await fetch(`/api/v1/nearest?${new URLSearchParams({ ...at, k: "1" })}`)).json()).location;
  const code = location && location.code_commune;
  if (!code) return;
  if (proposalCommunes.has(code)) proposalCommunes.delete(code);
  else {
    const commune = await (await fetch(`/api/v1/communes/${encodeURIComponent(code)}`)).json();
    proposalCommunes.set(code, commune.name || code);
  }
  drawProposal();
}
function drawProposal() {
  const list = [...proposalCommunes];
  $("proposal-communes").innerHTML = list.length ? `<p>${list.length} commune${list.length > 1 ? "s" : ""} : `
    + list.map(([code, name]) => `<span class="proposal-commune" data-code="${esc(code)}">${esc(name)} (${esc(code)})</span>`).join(", ") + "</p>" : "";
  $("proposal-diagnose").disabled = list.length === 0;
  mark("proposal", String(list.length));
}
$("proposal-toggle").addEventListener("click", () => {
  drawingProposal = !drawingProposal;
  $("proposal-toggle").classList.toggle("active", drawingProposal);
  $("proposal-toggle").textContent = drawingProposal ? "Terminer le choix" : "Choisir des communes";
});
$("proposal-clear").addEventListener("click", () => { proposalCommunes.clear(); drawProposal(); });
$("proposal-diagnose").addEventListener("click", () => step($("proposal-diagnose"), "proposalDiagnosed", $("proposal-communes"), async () => {
  const key = token || diagnosisToken;
  if (!key) throw new Error("saisissez d'abord un jeton ARS ou de coordinateur (plus bas)");
  const response = await fetch("/api/v1/diagnostic", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
                                                       body: JSON.stringify({ id: "proposition", name: "Proposition", communes: [...proposalCommunes.keys()] }) });
  if (!response.ok) throw new Error(await refusal(response));
  ++diagnosticGeneration;   // a CPTS picked earlier no longer draws over it
  drawDiagnostic(await response.json(), null);
  return "true";
}));

$("login").addEventListener("submit", async e => {
  e.preventDefault();
  const input = $("token"), panel = $("coordinator-cpts");
  token = input.value.trim(); input.value = "";
  mark("coordinator", null);
  const response = await withToken("/api/v1/map/me"), me = await response.json();
  $("practitioner").hidden = true;
  if (response.ok && me.role === "practitioner") {
    $("coordinator").hidden = true; $("coordinator-tools").hidden = true;
    await showPractitioner(me.rpps);   // practitioner.js
    return;
  }
  $("coordinator").hidden = false;
  if (!response.ok || me.role !== "coordinator") {
    panel.textContent = response.ok ? "Ce jeton n'est pas celui d'un coordinateur : pas de données patients." : (me.detail || me.error);
    // An ARS token serves the diagnostic of a proposal only.
    diagnosisToken = response.ok && me.role === "ars" ? token : null;
    token = null; $("coordinator-tools").hidden = true; document.body.classList.remove("coordinator"); map.invalidateSize();
    mark("coordinator", "refused"); return;
  }
  window.myCPTS = me.cpts;
  panel.textContent = `${me.cpts.name} (${me.cpts.id})`;
  $("coordinator-tools").hidden = false;
  document.body.classList.add("coordinator"); map.invalidateSize();   // a wider panel for the tables
  if (!viewSelect.querySelector('option[value="ma-cpts"]')) viewSelect.insertAdjacentHTML("beforeend", '<option value="ma-cpts">ma CPTS</option>');
  viewSelect.value = "ma-cpts";
  selectedCommune = null;
  outlineCPTS(me.cpts.id, me.cpts.bbox).catch(showError);
  mark("coordinator", me.cpts.id);
  await Promise.all([waitingList(), loadAssignments(), loadIndicators()]);   // loadIndicators: indicators.js
});

// The waiting list as the matching would place it now, by priority (a dry run: nothing is recorded).
function prioritySummary(m) {
  $("waiting-list").innerHTML = `<table><thead><tr><th>Priorité</th><th class="num">en attente</th><th class="num">placés à ${esc(m.max_km)} km</th></tr></thead><tbody>` +
    m.by_priority.map(r => `<tr><td>${esc(r.priorite)}</td><td class="num">${r.waiting}</td><td class="num">${r.placed}</td></tr>`).join("") + "</tbody></table>" +
    (m.unassigned.length ? `<p>${m.unassigned.length} demande(s) sans proposition (détail : « Simuler l'orientation »).</p>` : "");
}
async function waitingList() {
  const response = await withToken(`/api/v1/match?max_km=${encodeURIComponent(maxKm())}`, { method: "POST" });
  if (!response.ok) { $("waiting-list").textContent = await refusal(response); return; }
  prioritySummary(await response.json());
}

// The waiting-list CSV as the coordinator's spreadsheet saved it: its bytes, unread here (the server reads the encoding).
$("upload").addEventListener("click", () => {
  const panel = $("upload-result"), file = $("waiting-list-file").files[0];
  step($("upload"), "uploaded", panel, async () => {
    if (!file) throw new Error("Choisissez d'abord le fichier CSV de la liste d'attente.");
    panel.textContent = "Envoi…";
    const response = await withToken("/api/v1/waiting-list", { method: "POST", headers: { "Content-Type": "text/csv" }, body: file });
    if (!response.ok) throw new Error(`Fichier refusé : ${await refusal(response)}`);
    const a = await response.json(), issues = a.issue_list || [];
    const row = (key, label, value) => value == null ? "" : `<tr><td>${label}</td><td class="num" data-count="${key}">${value}</td></tr>`;
    panel.innerHTML = `<p>${esc(file.name)} : ${a.rows_read ?? "?"} ligne(s) lue(s).</p><table>` +
      row("inserted", "Demandes ajoutées", a.inserted) + row("updated", "Demandes mises à jour", a.updated) +
      row("already_assigned_kept", "Déjà orientées (conservées)", a.already_assigned_kept) +
      row("rejected", "Lignes refusées (fichier)", a.rejected) + row("rejected_outside_cpts", "Lignes refusées (hors de la CPTS)", a.rejected_outside_cpts) +
      "</table>" +
      (issues.length ? `<p>Lignes refusées ou signalées :</p><ul class="issues">${issues.slice(0, 100).map(i =>
        `<li>ligne ${esc(i.line)} : ${esc(i.reason)}</li>`).join("")}</ul>${issues.length > 100 ? `<p>… et ${issues.length - 100} autre(s).</p>` : ""}` : "");
    $("commit").disabled = true;   // the last dry run no longer shows this list
    await waitingList();
    return "true";
  });
});

// Matching: the dry run shows each proposal; the commit records them (enabled once a dry run was shown).
function assignmentTable(assignments, priorities) {
  return `<div class="table-scroll"><table><thead><tr><th>Référence</th><th>Priorité</th><th>Médecin</th><th>Adresse du cabinet</th><th class="num">km</th></tr></thead><tbody>` +
    assignments.map(a => `<tr><td>${esc(a.reference)}</td><td>${esc(a.priorite ?? priorities.get(a.reference) ?? "?")}</td><td>${doctor(a)}</td>` +
      `<td>${a.adresse ? esc(a.adresse) : '<span class="hint">inconnue</span>'}</td><td class="num">${km(a.distance_km)}</td></tr>`).join("") +
    "</tbody></table></div>";
}
function unassignedList(unassigned) {
  return unassigned.length ? `<p>Sans proposition (${unassigned.length}) :</p><ul class="issues">${unassigned.slice(0, 100).map(u =>
    `<li>${esc(u.reference)} : ${esc(u.reason)}</li>`).join("")}</ul>${unassigned.length > 100 ? `<p>… et ${unassigned.length - 100} autre(s).</p>` : ""}` : "";
}
async function runMatch(commit) {
  const url = `/api/v1/match?max_km=${encodeURIComponent(maxKm())}${commit ? "&commit=true" : ""}`;
  // The proposals do not carry the priority: the pending list gives it (it has every request a dry run places).
  const [response, pending] = await Promise.all([withToken(url, { method: "POST" }),
    commit ? null : withToken("/api/v1/waiting-list?format=json").then(r => (r.ok ? r.json() : [])).catch(() => [])]);
  if (!response.ok) throw new Error(await refusal(response));
  const m = await response.json(), priorities = new Map((pending || []).map(p => [p.reference, p.priorite]));
  const waiting = m.by_priority.reduce((n, r) => n + r.waiting, 0);
  $("match-result").innerHTML = commit
    ? `<p class="done"><span id="committed-count">${m.assignments.length}</span> orientation(s) enregistrée(s) à ${esc(m.max_km)} km au plus ` +
      `(${km(m.total_distance_km)} km au total).</p>` + unassignedList(m.unassigned)
    : `<p>Simulation : ${m.assignments.length} demande(s) sur ${waiting} orientée(s) à ${esc(m.max_km)} km au plus ` +
      `(${km(m.total_distance_km)} km au total). Rien n'est enregistré.</p>` + assignmentTable(m.assignments, priorities) + unassignedList(m.unassigned);
  return m;
}
$("match").addEventListener("click", () => step($("match"), "matched", $("match-result"), async () => {
  const m = await runMatch(false);
  prioritySummary(m);
  $("commit").disabled = m.assignments.length === 0;
  return m.assignments.length;
}));
$("commit").addEventListener("click", () => step($("commit"), "committed", $("match-result"), async () => {
  const m = await runMatch(true);
  await Promise.all([waitingList(), loadAssignments(), loadIndicators()]);
  return m.assignments.length;
}).then(() => { $("commit").disabled = true; }));   // the next commit follows a new dry run

// The history of assignments, between the optional dates (AAAA-MM-JJ, what <input type=date> gives).
function period() {
  const query = new URLSearchParams();
  if ($("assignments-from").value) query.set("from", $("assignments-from").value);
  if ($("assignments-to").value) query.set("to", $("assignments-to").value);
  return query;
}
async function loadAssignments() {
  const panel = $("assignments");
  mark("assignments", null);
  try {
    const response = await withToken(`/api/v1/assignments?${period()}`);
    if (!response.ok) throw new Error(await refusal(response));
    const rows = await response.json();
    panel.innerHTML = `<p>${rows.length} orientation(s)${period().toString() ? " sur la période" : ""}.</p>` + (rows.length
      ? `<div class="table-scroll"><table><thead><tr><th>Orientée le</th><th>Référence</th><th>Priorité</th><th>Commune</th><th>Médecin</th><th>Adresse du cabinet</th><th class="num">km</th></tr></thead><tbody>` +
        rows.map(a => `<tr><td>${frenchDate(a.oriente_le)}</td><td>${esc(a.reference)}</td><td>${esc(a.priorite)}</td><td>${esc(a.nom_commune ?? a.code_commune)}</td>` +
          `<td>${doctor(a)}</td><td>${a.adresse ? esc(a.adresse) : '<span class="hint">inconnue</span>'}</td><td class="num">${km(a.distance_km)}</td></tr>`).join("") +
        "</tbody></table></div>" : "");
    mark("assignments", String(rows.length));
  } catch (error) {
    panel.innerHTML = `<p class="error">Historique indisponible : ${esc(error.message)}</p>`;
    mark("assignments", "error");
  }
}
$("assignments-from").addEventListener("change", () => loadAssignments());
$("assignments-to").addEventListener("change", () => loadAssignments());

// Downloads carry the token, so not a plain link: fetched, then saved from an object URL.
async function download(path, name, button) {
  await step(button, "downloaded", $("download-result"), async () => {
    const query = new URLSearchParams(path.includes("?") ? path.slice(path.indexOf("?") + 1) : "");
    query.set("format", $("export-format").value);
    const response = await withToken(`${path.split("?")[0]}?${query}`);
    if (!response.ok) throw new Error(`Téléchargement impossible : ${await refusal(response)}`);
    const href = URL.createObjectURL(await response.blob()), link = document.createElement("a");
    link.href = href; link.download = name; link.hidden = true;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);   // once the browser has saved it
    $("download-result").textContent = `${name} téléchargé.`;
    return name;
  });
}
$("download-assignments").addEventListener("click", () => download(`/api/v1/assignments?${period()}`, "affectations.csv", $("download-assignments")));
$("download-waiting-list").addEventListener("click", () => download("/api/v1/waiting-list", "liste-attente.csv", $("download-waiting-list")));

window.volunteerClicked = feature => {
  // A volunteer's marker takes the click (it does not bubble to the map): while a proposal is drawn, it picks the commune there.
  if (drawingProposal) {
    const [lon, lat] = feature.geometry.coordinates;
    pickProposalCommune({ lat: lat.toFixed(6), lon: lon.toFixed(6) }).catch(showError);
    return;
  }
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
