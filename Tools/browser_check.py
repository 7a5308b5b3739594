"""The web map as a CPTS coordinator and an ARS user work in it, in headless Chromium driven by Selenium
(pip `selenium`, Debian `chromium-driver`): run by Tools/browser-check.sh against the sample service.

    MAILLAGE_COORDINATOR_TOKEN=… MAILLAGE_ARS_TOKEN=… python3 Tools/browser_check.py http://127.0.0.1:PORT/

The coordinator (token of CPTS-80-002, CPTS Amiens) logs in, uploads a waiting list saved as Excel saves it
(Windows-1252, dates JJ/MM/AAAA, decimal commas, accented references), runs the matching dry run, commits it, and
downloads the assignments as "CSV (Excel)"; the downloaded file must hold every uploaded reference of the CPTS with
a GP's name and a distance. Before that, a GP of Amiens logs in with his practitioner token, sees the requests near his
practice (list checked against the API, markers on the map), declines one with a reason, accepts another, and
updates his places. Then, without a coordinator token, the search lists CPTS Amiens and picking it outlines
its polygon in the CPTS layer. Prints one PASS line per step; exits 1 at the first failure, saying what was expected.
The page marks each step on <body> (data-practitioner, data-my-requests, data-declined, data-accepted,
data-entry-updated, data-coordinator, data-uploaded, data-matched, data-committed,
data-assignments, data-downloaded, data-suggestions, data-selected-cpts): the waits are on those, never on sleeps.
"""
import csv
import json
import os
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CPTS = "CPTS-80-002"
WAIT = 20   # seconds, for any one step; the whole run stays under a minute
HEADER = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"
# Amiens (80021) is CPTS Amiens' one commune. Latin letters beyond ASCII, Œ (Windows-1252 0x8C, absent from
# ISO-8859-1) among them: a server reading the bytes as anything but Windows-1252 would change these references.
INSIDE = [
    ("DEMANDE-É-001", "80021", "49,8942", "2,2957", "ALD", "oui", "03/11/2026"),
    ("DEMANDE-È-002", "80021", "", "", "ALD", "non", "04/11/2026"),
    ("DEMANDE-Ç-003", "80021", "49,9000", "2,3000", "plus-de-70-ans", "oui", "05/11/2026"),
    ("DEMANDE-À-004", "80021", "", "", "plus-de-70-ans", "non", "06/11/2026"),
    ("DEMANDE-Ô-005", "80021", "49,8800", "2,2800", "C2S", "non", "07/11/2026"),
    ("DEMANDE-Œ-006", "80021", "49,8850", "2,3100", "C2S", "oui", "08/11/2026"),
    ("DEMANDE-Ù-007", "80021", "", "", "aucune", "non", "09/11/2026"),
    ("DEMANDE-Ë-008", "80021", "49,9100", "2,2900", "aucune", "non", "10/11/2026"),
    ("DEMANDE-Ï-009", "80021", "49,8900", "2,2700", "ALD", "non", "12/11/2026"),
]
# Dreuil-lès-Amiens, next to Amiens but in no CPTS: refused, with its line (the header is line 1).
OUTSIDE = ("DEMANDE-Ê-010", "80256", "", "", "aucune", "non", "13/11/2026")
OUTSIDE_LINE = len(INSIDE) + 2


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def passed(message):
    print(f"PASS {message}", flush=True)


def body_mark(driver, name, timeout=WAIT):
    """The value of <body data-NAME> once set (the page removes it when the step starts again)."""
    try:
        return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute(f"data-{name}"))
    except TimeoutException:
        raise Failure(f"<body data-{name}> was not set within {timeout} s; status: {text_of(driver, 'status')}")


def text_of(driver, element_id):
    try:
        return driver.find_element(By.ID, element_id).text
    except WebDriverException:
        return "?"


def count(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False,
                                              "download.directory_upgrade": True, "safebrowsing.enabled": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    # Headless Chromium saves downloads only where told through DevTools too (older versions ignore the prefs).
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def open_page(driver, url):
    driver.get(url)
    check(body_mark(driver, "loaded") == "true", "the page did not load")


def waiting_list_file(folder):
    """The waiting list as Excel saves a French spreadsheet: Windows-1252, CRLF."""
    path = os.path.join(folder, "liste-attente-excel.csv")
    rows = [HEADER] + [";".join(row) for row in INSIDE + [OUTSIDE]]
    with open(path, "wb") as f:
        f.write(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path


def downloaded(folder, name, timeout=WAIT):
    path, deadline = os.path.join(folder, name), time.monotonic() + timeout
    while time.monotonic() < deadline:
        partial = [f for f in os.listdir(folder) if f.endswith(".crdownload")]
        if os.path.exists(path) and not partial:
            return path
        time.sleep(0.1)
    raise Failure(f"{name} was not downloaded into {folder} within {timeout} s (there: {os.listdir(folder)})")


def api(url, path, token):
    request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.load(response)


def my_rows(driver):
    return [tr.get_attribute("data-reference") for tr in driver.find_elements(By.CSS_SELECTOR, "#my-requests-table tbody tr")]


def practitioner(driver, url, token):
    """A GP of Amiens in his own page: his requests, a decline with its reason, an acceptance, his places updated."""
    open_page(driver, url)
    driver.find_element(By.ID, "token").send_keys(token + Keys.ENTER)
    me = api(url, "api/v1/me", token)
    check(body_mark(driver, "practitioner") == me["rpps"], f"practitioner login: {text_of(driver, 'practitioner-who')}")
    check(driver.find_element(By.ID, "coordinator").get_attribute("hidden") is not None, "the coordinator's tools are shown to a practitioner")
    shown = count(body_mark(driver, "my-requests"))
    listed = [r["reference"] for r in api(url, "api/v1/me/requests?km=10", token)]
    check(shown == len(listed) and my_rows(driver) == listed, f"his requests: page {my_rows(driver)[:5]}…, API {listed[:5]}…")
    check(len(listed) >= 2, f"fewer than two requests near his practice: {listed}")
    check(driver.find_elements(By.CSS_SELECTOR, "path.my-request") and driver.find_elements(By.CSS_SELECTOR, "path.my-practice"),
          "his practice and the requests' communes are not on the map")
    passed(f"practitioner {me['rpps']} ({me.get('nom')}): {shown} requests near his practice, as the API lists them, on the map")

    first = driver.find_element(By.CSS_SELECTOR, "#my-requests-table tbody tr")
    declined = first.get_attribute("data-reference")
    first.find_element(By.CSS_SELECTOR, "input.reason").send_keys("cabinet complet ce mois-ci")
    first.find_element(By.CSS_SELECTOR, "button.decline").click()
    check(body_mark(driver, "declined") == declined, f"decline: {text_of(driver, 'my-requests')}")
    check(declined not in my_rows(driver) and len(my_rows(driver)) == shown - 1, f"decline: {declined} still listed")
    passed(f"declined {declined} with a reason: gone from his list")

    places = api(url, "api/v1/me", token)["volontaire"]["places_restantes"]
    row = driver.find_element(By.CSS_SELECTOR, "#my-requests-table tbody tr")
    taken = row.get_attribute("data-reference")
    row.find_element(By.CSS_SELECTOR, "button.accept").click()
    check(body_mark(driver, "accepted") == taken, f"accept: {text_of(driver, 'my-requests')}")
    check(api(url, "api/v1/me", token)["volontaire"]["places_restantes"] == places - 1, "accept: his places did not go down by one")
    check(taken not in my_rows(driver), f"accept: {taken} still listed")
    check(f"{places - 1} place" in text_of(driver, "my-entry-state"), f"accept: his entry shows {text_of(driver, 'my-entry-state')!r}")
    passed(f"accepted {taken}: {places} → {places - 1} places")

    field = driver.find_element(By.ID, "my-places")
    field.clear()
    field.send_keys("7")
    driver.find_element(By.ID, "my-entry-save").click()
    check(body_mark(driver, "entry-updated") == "7", f"update: {text_of(driver, 'my-entry-result')}")
    entry = api(url, "api/v1/me", token)["volontaire"]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    check(entry["places_restantes"] == 7 and entry["mis_a_jour_le"] == today and entry["etat"] == "fresh", f"update: {entry}")
    passed(f"his entry updated: 7 places, mis à jour le {today}")


def coordinator(driver, url, token, folder, downloads):
    open_page(driver, url)
    field = driver.find_element(By.ID, "token")
    field.send_keys(token + Keys.ENTER)
    check(body_mark(driver, "coordinator") == CPTS, f"login: expected {CPTS}, page says {text_of(driver, 'coordinator-cpts')!r}")
    check(field.get_attribute("value") == "", "the token is left in the login field")
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.selected-cpts"),
                                      message="'ma CPTS' is not outlined on the map after login")
    passed(f"login as coordinator of {CPTS}, 'ma CPTS' outlined")

    driver.find_element(By.ID, "waiting-list-file").send_keys(waiting_list_file(folder))
    driver.find_element(By.ID, "upload").click()
    uploaded = body_mark(driver, "uploaded")
    check(uploaded == "true", f"upload: {text_of(driver, 'upload-result')}")
    inserted = driver.find_element(By.CSS_SELECTOR, "#upload-result [data-count=inserted]").text
    check(count(inserted) == len(INSIDE), f"upload: expected {len(INSIDE)} inserted, page shows {inserted!r}: {text_of(driver, 'upload-result')}")
    issues = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#upload-result ul.issues li")]
    check(any(i.startswith(f"ligne {OUTSIDE_LINE} ") for i in issues),
          f"upload: the row outside the CPTS (line {OUTSIDE_LINE}) is not listed as refused: {issues}")
    passed(f"Windows-1252 waiting list uploaded: {inserted} inserted, line {OUTSIDE_LINE} refused ({issues[0] if issues else ''})")

    driver.find_element(By.ID, "match").click()
    matched = body_mark(driver, "matched")
    check(count(matched) is not None, f"dry run: {text_of(driver, 'match-result')}")
    rows = {}
    for tr in driver.find_elements(By.CSS_SELECTOR, "#match-result table tbody tr"):
        cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        rows[cells[0]] = cells
    check(len(rows) == count(matched), f"dry run: {matched} proposals marked, {len(rows)} rows shown")
    missing = [r[0] for r in INSIDE if r[0] not in rows]
    check(not missing, f"dry run: uploaded references missing from the table: {missing} (shown: {sorted(rows)[:10]}…)")
    for reference, *_ in INSIDE:
        _, priority, doctor, _address, km = rows[reference]
        check(doctor.strip() and km.strip() not in ("", "?"), f"dry run: {reference} has no GP or distance: {rows[reference]}")
    passed(f"dry run: {matched} proposals in the table, every uploaded reference with a GP and a distance")

    commit = driver.find_element(By.ID, "commit")
    WebDriverWait(driver, WAIT).until(lambda d: commit.is_enabled(), message="the commit button stays disabled after the dry run")
    commit.click()
    committed = body_mark(driver, "committed")
    check(count(committed) is not None and count(committed) >= len(INSIDE), f"commit: {text_of(driver, 'match-result')}")
    history = body_mark(driver, "assignments")
    check(count(history) is not None and count(history) >= count(committed), f"history after commit: {text_of(driver, 'assignments')}")
    shown = {tr.find_elements(By.TAG_NAME, "td")[1].text for tr in driver.find_elements(By.CSS_SELECTOR, "#assignments table tbody tr")}
    check(all(r[0] in shown for r in INSIDE), f"history: uploaded references missing: {[r[0] for r in INSIDE if r[0] not in shown]}")
    passed(f"commit: {committed} assignments recorded, history shows {history}")

    months = count(body_mark(driver, "indicators"))
    period = {"from": driver.find_element(By.ID, "indicators-from").get_attribute("value"),
              "to": driver.find_element(By.ID, "indicators-to").get_attribute("value")}
    figures = api(url, f"api/v1/indicators?from={period['from']}&to={period['to']}", token)["rows"][0]
    shown = {td.get_attribute("data-indicator"): td.text for td in driver.find_elements(By.CSS_SELECTOR, "#indicators td[data-indicator]")}
    check(months == len(figures["by_month"]) == len(driver.find_elements(By.CSS_SELECTOR, "#indicators-chart g.month")),
          f"indicators: {months} months marked, {len(figures['by_month'])} in the API")
    for key in ("registered", "oriented", "declined", "waiting", "purged"):
        check(count(shown.get(key)) == figures[key], f"indicators: {key} shows {shown.get(key)!r}, the API {figures[key]}")
    check(figures["oriented"] >= count(committed), f"indicators: {figures['oriented']} oriented, {committed} just committed")
    passed(f"indicators {period['from']}…{period['to']}: {figures['registered']} registered, {figures['oriented']} oriented, "
           f"{months} months charted")

    Select(driver.find_element(By.ID, "export-format")).select_by_visible_text("CSV (Excel)")
    driver.find_element(By.ID, "download-assignments").click()
    check(body_mark(driver, "downloaded") == "affectations.csv", f"download: {text_of(driver, 'download-result')}")
    path = downloaded(downloads, "affectations.csv")
    with open(path, "rb") as f:
        check(f.read(3) == b"\xef\xbb\xbf", "affectations.csv (Excel) does not start with a UTF-8 BOM")
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f, delimiter=";"))
    by_reference = {row.get("reference"): row for row in table}
    for reference, *_ in INSIDE:
        row = by_reference.get(reference)
        check(row is not None, f"affectations.csv lacks {reference} ({len(table)} rows, columns {list(table[0]) if table else []})")
        check((row.get("nom") or "").strip(), f"affectations.csv: {reference} has no GP name: {row}")
        distance = (row.get("distance_km") or "").replace(",", ".")
        try:
            check(0 <= float(distance) <= 30, f"affectations.csv: {reference} at {distance} km, beyond 30 km")
        except ValueError:
            raise Failure(f"affectations.csv: {reference} has no distance: {row}")
    passed(f"affectations.csv (Excel: BOM, ';'): {len(table)} rows, every uploaded reference with a GP name and a distance")

    Select(driver.find_element(By.ID, "export-format")).select_by_visible_text("CSV")
    driver.find_element(By.ID, "download-waiting-list").click()
    check(body_mark(driver, "downloaded") == "liste-attente.csv", f"waiting-list download: {text_of(driver, 'download-result')}")
    with open(downloaded(downloads, "liste-attente.csv"), encoding="utf-8", newline="") as f:
        raw = f.read()
    check(not raw.startswith("\ufeff") and "\r\n" not in raw, "liste-attente.csv (CSV): the plain CSV has no BOM and LF line ends")
    header = next(csv.reader(raw.splitlines(), delimiter=";"), [])
    expected = ["reference", "code_commune", "nom_commune", "priorite", "besoin_visite_domicile", "inscrit_le"]
    check(header == expected, f"liste-attente.csv (CSV): header {header}, expected {expected}")
    passed("liste-attente.csv (CSV: ';', UTF-8 without BOM, LF) downloaded with its header")


def ars(driver, url, token):
    open_page(driver, url)   # a new page: the coordinator's token, kept in memory only, is gone
    check(not driver.find_elements(By.CSS_SELECTOR, "path.selected-cpts"), "a CPTS is outlined on a fresh page")
    if token:
        driver.find_element(By.ID, "token").send_keys(token + Keys.ENTER)
        check(body_mark(driver, "coordinator") == "refused", "an ARS token opened the coordinator's tools")
        check(not driver.find_element(By.ID, "coordinator-tools").is_displayed(), "the coordinator's tools are shown to the ARS")
        passed("ARS token: no patient data, coordinator's tools hidden")
    box = driver.find_element(By.ID, "commune-search")
    box.send_keys("Amiens")
    try:
        suggestion = WebDriverWait(driver, WAIT).until(lambda d: next(
            (s for s in d.find_elements(By.CSS_SELECTOR, "#suggestions .suggestion-cpts") if f"({CPTS})" in s.text), None))
    except TimeoutException:
        raise Failure(f"search 'Amiens': no suggestion for {CPTS}; suggestions: {text_of(driver, 'suggestions')!r}")
    check(suggestion.text == f"CPTS Amiens ({CPTS})", f"search: suggestion reads {suggestion.text!r}")
    passed(f"search 'Amiens' suggests {suggestion.text!r}")
    suggestion.click()
    check(body_mark(driver, "selected-cpts") == CPTS, "picking the CPTS did not select it")
    try:
        outline = WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.cpts.selected-cpts"))
    except TimeoutException:
        raise Failure("picking CPTS Amiens drew no outline (path.cpts.selected-cpts) on the map")
    check(len(outline) == 1, f"{len(outline)} outlined CPTS paths, expected 1")
    passed("picking CPTS Amiens outlines its polygon in the CPTS layer")
    diagnostic(driver, url)
    if token:
        proposal(driver)


# Amiens (in CPTS Amiens) and Dreuil-lès-Amiens (in no CPTS), by points inside them.
PROPOSED = [("80021", 49.89886, 2.27295), ("80256", 49.915985, 2.226192)]


def click_map_at(driver, lat, lon):
    """A real click (the mouse moved over the map) where Leaflet draws this position; returns where, for messages."""
    element = driver.find_element(By.ID, "map")
    x, y = driver.execute_script(f"const p = map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y];")
    size = element.size
    check(0 < x < size["width"] and 0 < y < size["height"], f"({lat}, {lon}) is drawn at ({x}, {y}), outside the map's {size}")
    ActionChains(driver).move_to_element_with_offset(element, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()
    return (x, y)


def proposal(driver):
    """The ARS clicks two communes on the map to draw a proposal and gets its diagnostic (the ARS token entered)."""
    # Without animation: the view is where it will stay before the first click is placed.
    zoom = driver.execute_script("delete document.body.dataset.zoom; "
                                 "map.fitBounds([[%f, %f], [%f, %f]], { padding: [60, 60], animate: false }); return map.getZoom();"
                                 % (PROPOSED[0][1], PROPOSED[0][2], PROPOSED[1][1], PROPOSED[1][2]))
    # The layers of that view drawn (the page marks the zoom it drew last): no path is replaced under the clicks.
    try:
        WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-zoom") == str(zoom))
    except TimeoutException:
        raise Failure(f"proposal: the map was not drawn at zoom {zoom}; status: {text_of(driver, 'status')!r}")
    driver.find_element(By.ID, "proposal-toggle").click()
    check("active" in driver.find_element(By.ID, "proposal-toggle").get_attribute("class"), "proposal: the choice of communes did not start")
    for count, (code, lat, lon) in enumerate(PROPOSED, start=1):
        at = click_map_at(driver, lat, lon)
        try:
            WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-proposal") == str(count))
        except TimeoutException:
            under = driver.execute_script("const p = arguments[0]; const e = document.elementFromPoint("
                                          "document.getElementById('map').getBoundingClientRect().left + p[0], "
                                          "document.getElementById('map').getBoundingClientRect().top + p[1]); return e ? e.outerHTML.slice(0, 200) : null;", at)
            raise Failure(f"proposal: clicking {code} at {at} did not add it; under the mouse: {under!r}; "
                          f"panel: {text_of(driver, 'proposal-communes')!r}; status: {text_of(driver, 'status')!r}")
    picked = [e.get_attribute("data-code") for e in driver.find_elements(By.CSS_SELECTOR, "#proposal-communes .proposal-commune")]
    check(picked == [code for code, _, _ in PROPOSED], f"proposal: picked {picked}")
    driver.find_element(By.ID, "proposal-toggle").click()
    driver.find_element(By.ID, "proposal-diagnose").click()
    check(body_mark(driver, "proposal-diagnosed") == "true", f"proposal: no diagnostic: {text_of(driver, 'proposal-communes')!r}")
    check(body_mark(driver, "diagnostic") == "proposition", "proposal: the panel does not show the proposal's diagnostic")
    panel = driver.find_element(By.ID, "diagnostic")
    check("2 communes" in panel.text and len(panel.find_elements(By.CSS_SELECTOR, "table.professions tbody tr")) == 8,
          f"proposal: diagnostic reads {panel.text[:300]!r}")
    overlap = [f.text for f in panel.find_elements(By.CSS_SELECTOR, "ul.flags li[data-code='overlap']")]
    check(any(CPTS in text for text in overlap), f"proposal: no overlap with {CPTS} flagged: {overlap}")
    passed(f"a proposal drawn by clicking {len(PROPOSED)} communes on the map, diagnosed: overlap with {CPTS} flagged")


def diagnostic(driver, url):
    """The CPTS picked opens its diagnostic in the panel: every profession of the API's answer with its count and two
    bars, each flag, and a link to its PDF, which the server sends as a PDF."""
    check(body_mark(driver, "diagnostic") == CPTS, "picking the CPTS did not open its diagnostic")
    base = url.split("/?")[0].rstrip("/")
    with urllib.request.urlopen(f"{base}/api/v1/cpts/{CPTS}/diagnostic") as response:
        expected = json.load(response)
    panel = driver.find_element(By.ID, "diagnostic")
    check(panel.is_displayed(), "the diagnostic panel is hidden")
    rows = panel.find_elements(By.CSS_SELECTOR, "table.professions tbody tr")
    check([r.get_attribute("data-code") for r in rows] == [p["code"] for p in expected["professions"]],
          f"diagnostic: professions {[r.get_attribute('data-code') for r in rows]}")
    for row, profession in zip(rows, expected["professions"]):
        cells = row.find_elements(By.TAG_NAME, "td")
        check(cells[0].text == profession["label"] and cells[1].text == str(profession["practitioners"]),
              f"diagnostic: row {[c.text for c in cells]} for {profession}")
        check(len(row.find_elements(By.CSS_SELECTOR, ".bar")) == 2, f"diagnostic: {profession['code']} lacks its two bars")
    flags = panel.find_elements(By.CSS_SELECTOR, "ul.flags li[data-code]")
    check([f.text for f in flags] == [f["message"] for f in expected["flags"]], f"diagnostic: flags {[f.text for f in flags]}")
    link = panel.find_element(By.ID, "diagnostic-pdf").get_attribute("href")
    with urllib.request.urlopen(link) as response:
        check(response.headers.get("Content-Type") == "application/pdf" and response.read(5) == b"%PDF-",
              f"diagnostic: {link} is not a PDF")
    passed(f"the diagnostic of {CPTS} in the panel: {len(rows)} professions with their bars, {len(flags)} flag(s), its PDF")


def javascript_errors(driver):
    try:
        entries = driver.get_log("browser")
    except WebDriverException:
        return []
    # Failed requests are checked by the steps; an exception in the page's scripts is not.
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and "Failed to load resource" not in e["message"]]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    url, token = sys.argv[1], os.environ.get("MAILLAGE_COORDINATOR_TOKEN")
    if not token:
        sys.exit("MAILLAGE_COORDINATOR_TOKEN is not set")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        downloads = os.path.join(folder, "downloads")
        os.mkdir(downloads)
        driver = browser(downloads)
        try:
            if os.environ.get("MAILLAGE_PRACTITIONER_TOKEN"):
                practitioner(driver, url, os.environ["MAILLAGE_PRACTITIONER_TOKEN"])
            coordinator(driver, url, token, folder, downloads)
            ars(driver, url, os.environ.get("MAILLAGE_ARS_TOKEN"))
            errors = javascript_errors(driver)
            check(not errors, f"JavaScript errors in the page: {errors}")
        except Failure as failure:
            print(f"FAIL {failure}", file=sys.stderr)
            for message in javascript_errors(driver):
                print(f"  console: {message}", file=sys.stderr)
            return 1
        finally:
            driver.quit()
    print(f"PASS browser check in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
