"""The catalogue and the public area: what members read of each dataset, and what anyone sees without signing in —
with a sweep of every public page and file for any value of any uploaded dataset."""
import csv, json, os, re, urllib.request
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from kit import cfg, base, shot, expect, wait_text, sign_in, fill

DESCRIPTION = "Children's readiness for school at the start of reception, as their teachers assess it."


def public_area(d, output, regression, resilience):
    """The catalogue, then the register, the published outputs and their maps without signing in."""
    u = cfg["users"]
    # The county's provider describes its school readiness data; members read it with its quality and retention.
    sign_in(d, u["countyProvider"])
    d.get(base + "/catalogue")
    wait_text(d, "Data catalogue", "the catalogue opens from /catalogue")
    d.find_element(By.XPATH, "//summary[contains(., 'Describe school_readiness')]").click()
    fill(d, {"school_readiness-description": DESCRIPTION, "school_readiness-area": "Basildon borough",
             "school_readiness-periodStart": "2024-09-01", "school_readiness-periodEnd": "2025-07-31",
             "school_readiness-definitions": "school_ready: Y when the child reached a good level of development"})
    Select(d.find_element(By.ID, "school_readiness-frequency")).select_by_value("annually")
    d.find_element(By.ID, "school_readiness-describe").click()
    wait_text(d, "Saved.", "the description is saved")
    page = d.page_source
    expect(DESCRIPTION.split(",")[0] in page and "good level of development" in page, "the catalogue shows the description and definition")
    expect("Latest data quality" in page and "Destroy by" in page and "small_area: the project" in page, "with quality, retention and boundaries")
    shot(d, "40-catalogue")

    # The transparency register, without signing in: the project with its signed agreement and who shares what;
    # the research partnership's project, which has no agreement, is not shown.
    d.delete_all_cookies()
    d.get(base + "/register")
    wait_text(d, "Transparency register", "the register opens without signing in")
    page = d.page_source
    expect("Data shared for School readiness" in page and "Basildon Recovery Trust" in page, "the project and who shares what")
    expect(DESCRIPTION.split(",")[0] in page and "Latest data quality" not in page and "Destroy by" not in page,
           "the catalogue's public part, without quality or retention")
    expect("Early help evaluation" not in page, "a project without a signed agreement is not shown")
    shot(d, "37-register")
    d.find_element(By.LINK_TEXT, "School readiness by area").click()
    wait_text(d, "Open data", "the published output's public page")
    expect('class="chart map"' in d.page_source and "GeoJSON with the areas" in d.page_source, "its map, and its open data with the boundaries")
    shot(d, "38-public-output-map")
    d.get(base + "/register/outputs/" + resilience)
    wait_text(d, "known to 2 or more services", "the resilience view's public map")
    shot(d, "41-public-resilience-map")

    # Everything the public area serves: no unpublished output, and no value of any uploaded dataset.
    corpus, public_text = sweep()
    for hidden in [regression, "Readiness and household risk", "Early help evaluation"]:
        expect(hidden not in corpus, "the public area shows %s" % hidden)
    found, looked = leaked_values(corpus, public_text)
    expect(looked > 5000, "values looked for: %d" % looked)
    expect(not found, "a dataset value is in the public area (%s)" % found)
    print("public area: %d characters from %d answers; %d dataset values looked for, none found" % (len(corpus), corpus.count("\x00") + 1, looked))


def get(path):
    """A public answer, fetched as anyone would (no cookie); it must be a 200 with the security headers."""
    with urllib.request.urlopen(base + path) as r:
        expect(r.status == 200 and r.headers.get("Content-Security-Policy") and r.headers.get("X-Content-Type-Options"),
               "%s: %s without the security headers" % (path, r.status))
        return r.read().decode("utf-8")


def sweep():
    """Every page and file of the public area, and the text that is public by design (names, purposes, titles,
    descriptions, and the category labels of published tables), which a dataset value may equal."""
    register = json.loads(get("/api/v1/public/register"))
    answers = [get("/register"), json.dumps(register), get("/api/v1/public/register.csv"), get("/api/v1/public/catalogue.jsonld")]
    public = []
    for p in register["partnerships"]:
        public += [p["name"]] + p["members"]
        for project in p["projects"]:
            a = project["agreement"]
            public += [project["name"], project["purpose"], project["legalBasis"], project.get("summary") or "", project.get("contact") or "",
                       a["title"]] + a["signedBy"] + project["publicBenefit"]
            for s in project["sharing"]:
                public += [s["organisation"], s["dataset"], s.get("description") or "", s.get("coverageArea") or ""]
                public += [f["name"] + " " + (f.get("definition") or "") for f in s["fields"]]
            for o in project["outputs"]:
                public.append(o["title"])
                answers.append(get("/register/outputs/" + o["id"]))
                for path in [o["csv"], o["json"]] + ([o["geojson"]] if o.get("geojson") else []):
                    answers.append(get(path))
                rows = list(csv.reader(get(o["csv"]).splitlines()))
                public += [cell for row in rows for cell in row if not re.fullmatch(r"[\d.\-]*", cell)]
    return "\x00".join(answers), "\n".join(public)


def leaked_values(corpus, public_text):
    """Looks for every field value (5+ characters with a letter) of every dataset, pseudonymised and raw, as a whole word
    in the corpus; returns the first found (described, not shown) and how many were looked for."""
    words = set(re.findall(r"\w+", corpus))
    looked = 0
    for name in cfg["datasets"]:
        for file in [name + ".pseudo.csv", name + ".csv"]:
            with open(os.path.join(cfg["dataDir"], file), newline="", encoding="utf-8") as f:
                rows = csv.reader(f)
                header = set(next(rows))
                for row in rows:
                    for value in row:
                        if len(value) < 5 or not re.search(r"[A-Za-z]", value) or value in header or value in public_text:
                            continue
                        looked += 1
                        if not all(w in words for w in re.findall(r"\w+", value)):
                            continue
                        if re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", corpus):
                            return "%s value of %d characters, starting %s" % (file, len(value), value[:2]), looked
    return None, looked
