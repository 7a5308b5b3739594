// The practitioner's own page (/web/practitioner.js), once a practitioner token was entered (panel.js's login): his
// roster entry (GET/PATCH /api/v1/me), the pending requests of his CPTS around his practice (GET /api/v1/me/requests) in a
// list and on the map at their commune, each to accept or decline with a reason. Runs after panel.js, whose helpers
// ($, withToken, mark, refusal, step, esc, km) it uses; each step sets a data-* attribute of <body> for the tests.
"use strict";
let myPractice = null, practiceShown = false;
const communePoints = new Map();
async function communePoint(code) {
  if (!communePoints.has(code)) {
    communePoints.set(code, fetch(`/api/v1/communes/${encodeURIComponent(code)}`).then(r => r.ok ? r.json() : null)
      .then(c => c && c.representative_point ? { lat: c.representative_point.lat, lon: c.representative_point.lon, name: c.name } : null)
      .catch(() => null));
  }
  return communePoints.get(code);
}

const entryStates = { fresh: "à jour", stale: "ancienne : à confirmer", excluded: "trop ancienne : hors orientation tant qu'elle n'est pas mise à jour" };
function showProfile(me) {
  myPractice = me;
  $("practitioner-who").textContent = `${me.nom || "RPPS " + me.rpps} — ${me.adresse || me.nom_commune || me.code_commune}` +
    (me.cpts.length ? ` · ${me.cpts.join(", ")}` : " · aucune CPTS");
  const entry = me.volontaire;
  $("my-entry").hidden = !entry;
  if (!entry) { $("my-entry-state").textContent = "Vous n'êtes pas dans la liste des médecins volontaires : votre CPTS vous y inscrit."; return; }
  $("my-entry-state").textContent = `Fiche du ${new Date(entry.mis_a_jour_le).toLocaleDateString("fr")} (${entryStates[entry.etat] || entry.etat}), ` +
    `${entry.places_restantes} place(s).`;
  $("my-entry-state").dataset.state = entry.etat;
  $("my-places").value = entry.places_restantes;
  $("my-accepts").checked = entry.accepte_nouveaux_patients;
  $("my-visits").checked = entry.visites_domicile;
}

async function showPractitioner(rpps) {
  $("practitioner").hidden = false;
  document.body.classList.add("coordinator"); map.invalidateSize();   // the wider panel
  const response = await withToken("/api/v1/me");
  if (!response.ok) { $("practitioner-who").textContent = await refusal(response); mark("practitioner", "error"); return; }
  showProfile(await response.json());
  mark("practitioner", rpps);
  await loadMyRequests();
}
window.showPractitioner = showPractitioner;

async function loadMyRequests() {
  const panel = $("my-requests"), radius = $("my-km").value || "10";
  mark("myRequests", null);
  const response = await withToken(`/api/v1/me/requests?km=${encodeURIComponent(radius)}`);
  if (!response.ok) { panel.innerHTML = `<p class="error">${esc(await refusal(response))}</p>`; mark("myRequests", "error"); return; }
  const rows = await response.json();
  panel.innerHTML = `<p>${rows.length} demande(s) à ${esc(radius)} km au plus.</p>` + (rows.length
    ? `<div class="table-scroll"><table id="my-requests-table"><thead><tr><th>Réf.</th><th>Commune</th><th>Priorité</th><th>Visite</th><th class="num">km</th><th></th></tr></thead><tbody>` +
      rows.map(r => `<tr data-cpts="${esc(r.cpts)}" data-reference="${esc(r.reference)}"><td>${esc(r.reference)}<br><small>${esc(r.cpts)}</small></td>` +
        `<td>${esc(r.code_commune)}</td><td>${esc(r.priorite)}</td><td>${r.besoin_visite_domicile ? "à domicile" : ""}</td><td class="num">${km(r.distance_km)}</td>` +
        `<td><button type="button" class="accept">Accepter</button><br><input class="reason" placeholder="motif" size="10"> ` +
        `<button type="button" class="decline">Décliner</button></td></tr>`).join("") + "</tbody></table></div>"
    : "");
  results.clearLayers();
  if (myPractice && myPractice.lat != null) {
    L.circleMarker([myPractice.lat, myPractice.lon], { pane: "results", className: "my-practice", radius: 7, color: "#fff", weight: 2, fillColor: "#0b5394", fillOpacity: 1 })
      .bindTooltip("mon cabinet").addTo(results);
    const reach = L.circle([myPractice.lat, myPractice.lon], { pane: "results", radius: Number(radius) * 1000, color: "#0b5394", weight: 1, fillOpacity: 0.03 }).addTo(results);
    // The first time: the map shows his practice and the radius around it (a later radius keeps the view he chose).
    if (!practiceShown) { practiceShown = true; map.fitBounds(reach.getBounds(), { animate: false }); }
  }
  // One marker per commune, its count of requests: the requests carry no address.
  const byCommune = new Map();
  for (const r of rows) byCommune.set(r.code_commune, (byCommune.get(r.code_commune) || 0) + 1);
  await Promise.all([...byCommune].map(async ([code, count]) => {
    const point = await communePoint(code);
    if (point) L.circleMarker([point.lat, point.lon], { pane: "results", className: "my-request", radius: 5 + Math.min(count, 8), color: "#fff", weight: 1,
                                                         fillColor: "#e65100", fillOpacity: 0.9 })
      .bindTooltip(`${esc(point.name)} : ${count} demande(s)`).addTo(results);
  }));
  mark("myRequests", String(rows.length));
}

$("my-refresh").addEventListener("click", () => loadMyRequests().catch(showError));
$("my-km").addEventListener("change", () => loadMyRequests().catch(showError));

// Accept or decline, from the row's buttons; the list is read again after each answer.
$("my-requests").addEventListener("click", e => {
  const button = e.target.closest("button"), row = e.target.closest("tr");
  if (!button || !row) return;
  const path = `/api/v1/me/requests/${encodeURIComponent(row.dataset.cpts)}/${encodeURIComponent(row.dataset.reference)}`;
  if (button.classList.contains("accept")) {
    step(button, "accepted", $("my-requests"), async () => {
      const response = await withToken(`${path}/accept`, { method: "POST" });
      if (!response.ok) throw new Error(`Demande ${row.dataset.reference} : ${await refusal(response)}`);
      const taken = await response.json();
      await refreshProfile();
      await loadMyRequests();
      return taken.reference;
    });
  } else if (button.classList.contains("decline")) {
    step(button, "declined", $("my-requests"), async () => {
      const reason = row.querySelector(".reason").value.trim();
      if (!reason) throw new Error("Indiquez un motif pour décliner la demande.");
      const response = await withToken(`${path}/decline`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason }) });
      if (!response.ok) throw new Error(`Demande ${row.dataset.reference} : ${await refusal(response)}`);
      await loadMyRequests();
      return row.dataset.reference;
    });
  }
});

async function refreshProfile() {
  const response = await withToken("/api/v1/me");
  if (response.ok) showProfile(await response.json());
}

$("my-entry").addEventListener("submit", e => {
  e.preventDefault();
  step($("my-entry-save"), "entryUpdated", $("my-entry-result"), async () => {
    const body = { places_restantes: Number($("my-places").value), accepte_nouveaux_patients: $("my-accepts").checked, visites_domicile: $("my-visits").checked };
    const response = await withToken("/api/v1/me", { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`Fiche non mise à jour : ${await refusal(response)}`);
    showProfile(await response.json());
    $("my-entry-result").textContent = "Fiche mise à jour.";
    return String(body.places_restantes);
  });
});
