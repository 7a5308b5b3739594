// The coordinator's indicators (/web/indicators.js): GET /api/v1/indicators for his CPTS over a period (the last six
// months by default), the totals in a table and, by month, requests registered and oriented as bars (SVG drawn here, no
// library). Runs after panel.js, whose helpers ($, withToken, mark, refusal, esc, km) it uses; sets data-indicators to
// the number of months drawn.
"use strict";
function isoDay(date) { return date.toISOString().slice(0, 10); }

async function loadIndicators() {
  const panel = $("indicators");
  mark("indicators", null);
  if (!$("indicators-to").value) $("indicators-to").value = isoDay(new Date());
  if (!$("indicators-from").value) {
    const from = new Date(); from.setUTCMonth(from.getUTCMonth() - 6); from.setUTCDate(1);
    $("indicators-from").value = isoDay(from);
  }
  const query = new URLSearchParams({ from: $("indicators-from").value, to: $("indicators-to").value });
  const response = await withToken(`/api/v1/indicators?${query}`);
  if (!response.ok) { panel.innerHTML = `<p class="error">${esc(await refusal(response))}</p>`; mark("indicators", "error"); return; }
  const answer = await response.json(), row = answer.rows[0];
  if (!row) { panel.innerHTML = "<p>Aucune demande sur la période.</p>"; mark("indicators", "0"); return; }
  const cell = (key, label, value) => `<tr><td>${label}</td><td class="num" data-indicator="${key}">${value ?? "–"}</td></tr>`;
  panel.innerHTML = `<table>` + cell("registered", "Demandes enregistrées", row.registered) + cell("oriented", "Orientées", row.oriented) +
    cell("declined", "Déclinées par un médecin", row.declined) + cell("waiting", "En attente en fin de période", row.waiting) +
    cell("purged", "Purgées", row.purged) + cell("distance", "Distance médiane (km)", row.distance_km_median == null ? null : km(row.distance_km_median)) +
    cell("p90", "Distance, 90 % des orientations (km)", row.distance_km_p90 == null ? null : km(row.distance_km_p90)) +
    cell("days", "Délai médian d'orientation (jours)", row.days_to_orientation_median) + `</table>` + chart(row.by_month) +
    `<table><thead><tr><th>Priorité</th><th class="num">enregistrées</th><th class="num">orientées</th><th class="num">en attente</th></tr></thead><tbody>` +
    row.by_priority.map(p => `<tr><td>${esc(p.priorite)}</td><td class="num">${p.registered}</td><td class="num">${p.oriented}</td><td class="num">${p.waiting}</td></tr>`).join("") +
    `</tbody></table>`;
  mark("indicators", String(row.by_month.length));
}

// Two bars a month (registered, oriented), the month under them; heights to the largest count.
function chart(months) {
  const width = 300, height = 120, base = height - 18, slot = width / Math.max(months.length, 1), bar = Math.min(14, slot / 2 - 2);
  const largest = Math.max(1, ...months.flatMap(m => [m.registered, m.oriented]));
  const bars = months.map((m, i) => {
    const x = i * slot + slot / 2, h = v => (base - 14) * v / largest;
    return `<g class="month" data-month="${esc(m.month)}"><title>${esc(m.month)} : ${m.registered} enregistrée(s), ${m.oriented} orientée(s)</title>` +
      `<rect class="registered" x="${(x - bar - 1).toFixed(1)}" y="${(base - h(m.registered)).toFixed(1)}" width="${bar.toFixed(1)}" height="${h(m.registered).toFixed(1)}" fill="#9ecae1"/>` +
      `<rect class="oriented" x="${(x + 1).toFixed(1)}" y="${(base - h(m.oriented)).toFixed(1)}" width="${bar.toFixed(1)}" height="${h(m.oriented).toFixed(1)}" fill="#0b5394"/>` +
      `<text x="${x.toFixed(1)}" y="${height - 4}" font-size="9" text-anchor="middle">${esc(m.month.slice(5))}/${esc(m.month.slice(2, 4))}</text>` +
      // The counts above their bars: the chart reads without hovering.
      (m.registered ? `<text x="${(x - bar / 2 - 1).toFixed(1)}" y="${(base - h(m.registered) - 2).toFixed(1)}" font-size="8" text-anchor="middle">${m.registered}</text>` : "") +
      (m.oriented ? `<text x="${(x + bar / 2 + 1).toFixed(1)}" y="${(base - h(m.oriented) - 2).toFixed(1)}" font-size="8" text-anchor="middle">${m.oriented}</text>` : "") +
      `</g>`;
  }).join("");
  return `<svg id="indicators-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Demandes enregistrées et orientées par mois">` +
    `<line x1="0" y1="${base}" x2="${width}" y2="${base}" stroke="#999"/>${bars}</svg>` +
    `<p class="hint"><span style="color:#9ecae1">■</span> enregistrées · <span style="color:#0b5394">■</span> orientées, par mois</p>`;
}

$("indicators-from").addEventListener("change", () => loadIndicators().catch(showError));
$("indicators-to").addEventListener("change", () => loadIndicators().catch(showError));
