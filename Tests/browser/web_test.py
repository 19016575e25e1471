"""Browser tests of the Linkhaven web interface: Selenium driving Debian's chromium (headless).

Run by BrowserTests (Swift), which sets up a platform with the demo partnership, serves it on
127.0.0.1 and writes a JSON file of its address, users and ids; this script signs in as each role
(password and a TOTP code it computes), does their jobs through the pages, saves a screenshot of
every page it visits, and exits non-zero on the first failure.
"""
import base64, hashlib, hmac, json, os, struct, sys, time, urllib.request
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

cfg = json.load(open(sys.argv[1]))
base, shots = cfg["base"], cfg["screenshots"]
os.makedirs(shots, exist_ok=True)
taken = []


def totp(secret, at=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def browser():
    o = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600", "--disable-gpu", "--no-proxy-server"]:
        o.add_argument(a)
    o.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


A11Y = """
const problems = [];
if (!document.documentElement.lang) problems.push('no lang on html');
if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest('label');
  if (!labelled) problems.push('unlabelled ' + el.tagName + ' ' + (el.name || ''));
}
for (const svg of document.querySelectorAll('svg')) if (!svg.querySelector('title')) problems.push('svg without a title');
for (const t of document.querySelectorAll('table')) if (!t.querySelector('caption')) problems.push('table without a caption');
if (document.querySelectorAll('[style], script').length) problems.push('inline style or script');
return problems;
"""


def shot(d, name):
    path = os.path.join(shots, name + ".png")
    d.save_screenshot(path)
    taken.append((name, d.title, path))
    problems = d.execute_script(A11Y)
    expect(not problems or name == "zz-failure", "accessibility of %s: %s" % (name, "; ".join(problems)))


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def wait_text(d, text, what, seconds=15):
    """After a click the browser may still be on the old page: wait until the new one shows `text`."""
    for _ in range(int(seconds * 10)):
        if text in d.page_source:
            return
        time.sleep(0.1)
    raise AssertionError(what)


def submit_sign_in(d, user, code=None):
    """Fills in and sends the sign-in form, with the code for the server's (test) clock unless one is given."""
    d.delete_all_cookies()
    d.get(base + "/sign-in")
    fill(d, {"email": user["email"], "password": user["password"], "code": code or totp(user["totp"], cfg["now"])})
    d.find_element(By.ID, "sign-in").click()


def sign_in(d, user, code=None):
    submit_sign_in(d, user, code)
    for _ in range(150):
        if "Dashboard" in d.title or "Change your password" in d.title:
            return
        time.sleep(0.1)
    raise AssertionError("signed in as %s: %s" % (user["email"], d.title))


def cookie_header(d):
    return "; ".join("%s=%s" % (c["name"], c["value"]) for c in d.get_cookies())


def fetch(d, url):
    """A download the browser would save, fetched with the browser's own session cookie."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie_header(d)})) as r:
        return r.read()


def confirmed(d, name, reason, done, what):
    """Sends a form that needs a reason and a ticked confirmation (HTML.confirmedForm `name`), and waits for its notice."""
    fill(d, {"reason-" + name: reason})
    d.find_element(By.ID, "confirm-" + name).click()
    d.find_element(By.ID, name).click()
    wait_text(d, done, what)


def fill(d, fields):
    for field_id, value in fields.items():
        d.find_element(By.ID, field_id).send_keys(value)


def click(d, text):
    for b in d.find_elements(By.TAG_NAME, "button"):
        if b.text.strip() == text:
            b.click()
            return
    raise AssertionError("no button '%s' on %s" % (text, d.current_url))


def main():
    d = browser()
    try:
        jobs(d)
    except Exception:
        shot(d, "zz-failure")
        problems = [e.text for e in d.find_elements(By.CLASS_NAME, "error-summary")]
        print("failed on %s (%s): %s" % (d.current_url, d.title, " | ".join(problems)))
        raise
    finally:
        d.quit()
        with open(os.path.join(shots, "index.txt"), "w") as f:
            for name, title, path in taken:
                f.write("%s\t%s\t%s\n" % (name, title, path))
    print("browser: %d pages checked, screenshots in %s" % (len(taken), shots))


def jobs(d):
    u = cfg["users"]
    # Sign-in refuses a wrong code and shows the error summary.
    submit_sign_in(d, u["countySignatory"], code="000000")
    wait_text(d, "There is a problem", "a wrong code is refused with an error summary")
    shot(d, "01-sign-in-error")

    # The operator registers a university and a partnership with it.
    sign_in(d, u["operator"])
    d.get(base + "/app/organisations")
    fill(d, {"orgName": "University of Essex", "address": "Wivenhoe Park, Colchester", "icoReference": "Z6913425", "contactEmail": "dpo@essex-uni.test"})
    click(d, "Register")
    wait_text(d, "University of Essex", "the university is registered")
    d.find_element(By.ID, "partnershipName").send_keys("Essex research partnership")
    d.find_element(By.ID, "declaration").send_keys("We will share pseudonymised data for research under signed agreements.")
    for box in d.find_elements(By.CSS_SELECTOR, "input[name='members[]']"):
        box.click()
    shot(d, "02-organisations-operator")
    click(d, "Register the partnership")
    wait_text(d, "Essex research partnership", "the partnership is registered")

    # The county admin records a credential and starts a project in the new partnership.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/organisations/" + cfg["county"])
    fill(d, {"scheme": "Data Security and Protection Toolkit", "reference": "DSPT-8HN-2026", "expires": "2027-06-30"})
    click(d, "Record the credential")
    wait_text(d, "Saved.", "the credential is recorded")
    d.get(base + "/app/partnerships")
    expect("DSPT-8HN-2026" in d.page_source, "partners see the credential")
    forms = d.find_elements(By.CSS_SELECTOR, "form[action$='/projects']")
    target = forms[-1]   # partnerships are listed by name: "Essex research partnership" comes after "Essex Data"
    target.find_element(By.CSS_SELECTOR, "input[name='name']").send_keys("Early help evaluation")
    target.find_element(By.CSS_SELECTOR, "textarea[name='purpose']").send_keys("Evaluate early help for families in Basildon")
    target.find_element(By.TAG_NAME, "button").click()
    wait_text(d, "Early help evaluation", "the project is started")
    shot(d, "03-project-started")

    # The county admin adds a user: the one-time credentials include the authenticator key and recovery codes.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/partnerships")
    expect("Assurance credentials" in d.page_source, "the partnership page")
    shot(d, "04-partnerships")
    d.find_element(By.PARTIAL_LINK_TEXT, "users").click()
    fill(d, {"name": "New Analyst", "email": "new.analyst@essex.test"})
    d.find_element(By.CSS_SELECTOR, "#role option[value='analyst']").click()
    d.find_element(By.ID, "trainingDate").send_keys("2026-09-01")
    d.find_element(By.ID, "add-user").click()
    wait_text(d, "Two-factor set-up", "the new user's credentials")
    shot(d, "05-new-user-credentials")
    secrets = [e.text for e in d.find_elements(By.CLASS_NAME, "secret")]
    password = [e.text for e in d.find_elements(By.TAG_NAME, "dd")][1]
    newbie = {"email": "new.analyst@essex.test", "password": password, "totp": secrets[0]}
    recovery = secrets[1].split("\n")[0]
    # They sign in with a recovery code instead of the app, and must change their password first.
    sign_in(d, dict(newbie, totp=None), code=recovery)
    wait_text(d, "Change your password", "a new user changes their initial password first")
    shot(d, "06-forced-password-change")
    fill(d, {"currentPassword": password, "newPassword": "a long new passphrase 2026", "confirmPassword": "a long new passphrase 2026"})
    click(d, "Change password")
    wait_text(d, "Your password was changed", "the password was changed")

    # The county drafts the agreement's second year from the first, the signatories sign, the owner approves.
    sign_in(d, u["countyAdmin"])
    shot(d, "07-dashboard-county-admin")
    d.get(base + "/app/projects/%s/agreements/new" % cfg["project"])
    title = d.find_element(By.ID, "title")
    title.clear()
    title.send_keys("School readiness: year two")
    for org in [cfg["borough"], cfg["police"]]:
        box = d.find_element(By.CSS_SELECTOR, "input[name='parties[]'][value='%s']" % org.upper())
        if not box.is_selected():
            box.click()
    shot(d, "08-agreement-draft-form")
    d.find_element(By.ID, "save-draft").click()
    wait_text(d, "Submit for approval", "the draft was saved")
    agreement = d.current_url.split("/app/agreements/")[1].split("?")[0]
    click(d, "Submit for approval")
    wait_text(d, "submitted for approval", "submitted")
    shot(d, "09-agreement-submitted")
    for who in ["countySignatory", "boroughSignatory", "policeSignatory", "universitySignatory"]:
        sign_in(d, u[who])
        d.get(base + "/app")
        expect("Sign the agreement" in d.page_source, "the dashboard asks %s to sign" % who)
        d.get(base + "/app/agreements/" + agreement)
        click(d, "Sign this agreement")
        wait_text(d, "You signed the agreement", "%s signed" % who)
    shot(d, "10-agreement-signed")
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/agreements/" + agreement)
    click(d, "Approve the agreement")
    wait_text(d, "Done: approved", "approved")
    shot(d, "11-agreement-approved")

    sign_in(d, u["boroughProvider"])
    # The provider creates an API token for the provider tool; it is shown once, and can be revoked.
    d.get(base + "/app/tokens")
    fill(d, {"tokenName": "housing uploads", "tokenDataset": "housing"})
    d.find_element(By.CSS_SELECTOR, "input[name='actions[]'][value='upload']").click()
    click(d, "Create the token")
    wait_text(d, "copy it now", "the token is shown once")
    expect(d.find_element(By.ID, "new-token").text.startswith("lht_"), "an API token")
    shot(d, "12-api-token")
    d.get(base + "/app/tokens")
    expect("housing uploads" in d.page_source and "lht_" not in d.page_source, "listed without its secret")
    d.get(base + "/app/projects/" + cfg["project"])
    d.get(base + "/app/projects/" + cfg["project"])
    expect("Your organisation&#39;s uploads" in d.page_source or "Your organisation's uploads" in d.page_source, "the provider sees its uploads")
    expect("breach incident" in d.page_source, "the rejected upload links to its incident")
    shot(d, "13-project")
    d.get(base + "/app/projects/%s/assessment" % cfg["project"])
    expect("No red line is open" in d.page_source, "the assessment with its red lines")
    expect('id="assessment-signed"' in d.page_source, "the assessment is shown as signed with the approved version, not as a form")
    shot(d, "14-assessment")
    d.get(base + "/app/datasets/" + cfg["housingDataset"])
    expect("Data quality of version" in d.page_source and "<svg" in d.page_source, "the quality report with its chart")
    d.find_element(By.ID, "description").send_keys("Tenure is blank for some social housing claims")
    click(d, "Raise the issue")
    wait_text(d, "Tenure is blank", "the data quality issue is listed")
    shot(d, "15-dataset-quality")
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app")
    expect("Breach incident" in d.page_source, "the dashboard shows the open incident")
    d.get(base + "/app/incidents/" + cfg["incident"])
    expect("What the breach guard found" in d.page_source, "the incident's findings")
    shot(d, "16-breach-incident")

    # The police ask to audit the borough's pseudonymisation; the borough approves; the police download the pack.
    sign_in(d, u["policeSignatory"])
    d.get(base + "/app/datasets/" + cfg["housingDataset"])
    fill(d, {"reason": "Annual check of the housing extract's pseudonymisation"})
    click(d, "Request an audit")
    wait_text(d, "Annual check", "the audit request is listed")
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app/datasets/" + cfg["housingDataset"])
    d.find_element(By.CSS_SELECTOR, "input[name='assessmentReference']").send_keys("BBC-IG-2026-14")
    d.find_element(By.CSS_SELECTOR, "textarea[name='procedure']").send_keys("Extract, normalise, pseudonymise with linkhaven 0.x, check, upload.")
    click(d, "Approve and release the audit pack")
    wait_text(d, "Your decision was recorded", "the audit is approved")
    sign_in(d, u["policeSignatory"])
    d.get(base + "/app/datasets/" + cfg["housingDataset"])
    shot(d, "17-dataset-audit")
    link = d.find_element(By.PARTIAL_LINK_TEXT, "Download the audit pack").get_attribute("href")
    pack = fetch(d, link)
    expect(b"SHA256SUMS" in pack and b"BBC-IG-2026-14" in pack, "the audit pack holds the sums and the assessment reference")

    # An analyst runs linkage and reads the report.
    sign_in(d, u["countyAnalyst"])
    d.get(base + "/app/projects/" + cfg["project"])
    click(d, "Start a linkage run")
    for _ in range(240):
        if "succeeded" in d.page_source.lower() and "Match weights" in d.page_source:
            break
        time.sleep(0.5)
        d.refresh()
    expect("Match weights" in d.page_source, "the run finished with its report")
    shot(d, "18-linkage-run")
    d.get(d.current_url.split("?")[0] + "/review")
    shot(d, "19-clerical-review")

    # A regression, written as a whole definition.
    d.get(base + "/app/projects/%s/analyses/new" % cfg["project"])
    d.find_element(By.TAG_NAME, "details").click()
    d.find_element(By.ID, "definition").send_keys(json.dumps({
        "kind": "regression", "title": "Readiness and household risk",
        "population": [{"variable": "in:school_readiness", "op": "=", "value": "Y"}],
        "outcome": {"variable": "school_readiness.school_ready", "op": "=", "value": "Y"},
        "predictors": [{"variable": "hh:police", "op": "=", "value": "Y", "name": "police"},
                       {"variable": "hh:social_care", "op": "=", "value": "Y", "name": "social care"}]}))
    d.find_element(By.ID, "run-definition").click()
    wait_text(d, "Logistic regression of", "the regression's odds ratios")
    shot(d, "20-regression")

    # The analyst runs a table and requests release; two reviewers and the data owner approve.
    d.get(base + "/app/projects/%s/analyses/new" % cfg["project"])
    fill(d, {"title": "School readiness by area", "rows": "school_readiness.small_area", "columns": "school_readiness.school_ready"})
    click(d, "Run the analysis")
    wait_text(d, "Disclosure check", "the output with its check report")
    expect('class="chart map"' in d.page_source, "a small-area map from the project's boundaries")
    output = d.current_url.split("/app/outputs/")[1].split("?")[0]
    shot(d, "21-output-checked")
    click(d, "Request release")
    wait_text(d, "Release was requested", "release requested")
    for who, role in [("boroughAnalyst", "review"), ("countyReviewer", "review"), ("countyProvider", "owner")]:
        sign_in(d, u[who])
        expect(("approve or refuse the release" if role == "owner" else "for release") in d.page_source, "the dashboard asks %s to decide" % who)
        d.get(base + "/app/outputs/" + output)
        d.find_element(By.CSS_SELECTOR, "#as option[value='%s']" % role).click()
        d.find_element(By.ID, "note").send_keys("Checked by %s" % who)
        d.find_element(By.ID, "decide").click()
        wait_text(d, "Your decision was recorded", "%s decided" % who)
    expect("RELEASED" in d.page_source.upper(), "released after two reviews and the owner")
    shot(d, "22-output-released")

    # The county suspends the agreement: a banner on the project and output pages, no release or publish
    # buttons, and the platform refuses them; the county's signatory resumes it and they return.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/agreements/" + cfg["agreement"])
    confirmed(d, "suspend", "A partner reported a possible breach", "The agreement was suspended", "the agreement was suspended")
    expect("SUSPENDED" in d.page_source, "the agreement page shows the status")
    shot(d, "24-agreement-suspended")
    sign_in(d, u["countyAnalyst"])
    d.get(base + "/app/projects/" + cfg["project"])
    page = d.page_source
    expect('id="agreement-banner"' in page and "A partner reported a possible breach" in page and "Essex County Council" in page,
           "the project page shows who suspended it and why")
    expect("Start a linkage run" not in page and "Run an analysis" not in page, "no processing actions while suspended")
    shot(d, "25-project-suspended")
    d.get(base + "/app/outputs/" + output)
    expect('id="agreement-banner"' in d.page_source and "Publish as open data" not in d.page_source, "the output page: banner, no publish button")
    shot(d, "26-output-suspended")
    csrf = d.find_element(By.CSS_SELECTOR, "form[action='/app/sign-out'] input[name=csrf]").get_attribute("value")
    try:
        urllib.request.urlopen(urllib.request.Request(base + "/app/outputs/%s/publish" % output, data=("csrf=" + csrf).encode(),
                                                      headers={"Cookie": cookie_header(d), "Content-Type": "application/x-www-form-urlencoded"}))
        raise AssertionError("publishing under a suspended agreement was not refused")
    except urllib.error.HTTPError as e:
        body = e.read().decode()
        expect(e.code == 409 and "SUSPENDED" in body, "the platform refuses publication: %s" % e.code)
    sign_in(d, u["countySignatory"])
    d.get(base + "/app/agreements/" + cfg["agreement"])
    confirmed(d, "resume", "Investigated: no breach", "The agreement was resumed", "the agreement was resumed")
    sign_in(d, u["countyAnalyst"])
    d.get(base + "/app/outputs/" + output)
    expect('id="agreement-banner"' not in d.page_source and "Publish as open data" in d.page_source, "resumed: the publish button is back")
    click(d, "Publish as open data")
    wait_text(d, "The output was published as open data", "the table is published")

    # A leaver: the borough admin deactivates a signed-in analyst, whose next page load goes to sign-in.
    sign_in(d, u["boroughAnalyst"])
    analyst_cookies = d.get_cookies()
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app/users")
    shot(d, "27-users")
    d.find_element(By.LINK_TEXT, "analyst").click()
    wait_text(d, "Deactivate", "the user's page")
    confirmed(d, "deactivate", "Left the council", "The change is in the audit trail", "deactivated")
    expect("DEACTIVATED" in d.page_source.upper(), "the user shows as deactivated")
    d.get(base + "/app/users")
    expect("Left the council" in d.page_source, "the leavers list says why")
    shot(d, "28-users-leaver")
    d.delete_all_cookies()
    d.get(base + "/sign-in")
    for c in analyst_cookies:
        d.add_cookie({"name": c["name"], "value": c["value"], "path": "/"})
    d.get(base + "/app/projects")
    wait_text(d, "Use the e-mail address your organisation registered", "the deactivated analyst is sent to sign in")

    # The operator sees an organisation's administrators (and only them) from the organisation's page.
    sign_in(d, u["operator"])
    d.get(base + "/app/organisations/" + cfg["borough"])
    d.find_element(By.PARTIAL_LINK_TEXT, "Its administrators").click()
    wait_text(d, "Your organisation's users", "the operator's view of the borough's admins")
    expect("orgAdmin" in d.page_source and ">analyst<" not in d.page_source, "the operator sees the admins only")
    shot(d, "28b-operator-admins")

    # Two-factor reset: the borough provider's next sign-in asks them to enrol a new authenticator.
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app/users")
    d.find_element(By.LINK_TEXT, "provider").click()
    wait_text(d, "Reset two-factor", "the provider's page")
    confirmed(d, "reset-two-factor", "Lost their phone", "The change is in the audit trail", "two-factor reset")
    d.delete_all_cookies()
    d.get(base + "/sign-in")
    fill(d, {"email": u["boroughProvider"]["email"], "password": u["boroughProvider"]["password"]})
    d.find_element(By.ID, "sign-in").click()
    wait_text(d, "Enrol your authenticator", "the next sign-in asks for enrolment")
    click(d, "Show my new authenticator key")
    wait_text(d, "recovery codes", "the new key is shown")
    secret = d.find_element(By.ID, "totp-secret").text.strip()
    shot(d, "29-enrol")
    fill(d, {"code": totp(secret, cfg["now"])})
    d.find_element(By.ID, "enrol").click()
    wait_text(d, "Your new authenticator is enrolled", "enrolled")

    # The police record an incident touching the borough's housing data: the borough (its provider) is told at once and
    # decides on reporting once the police have given their view; then it closes the incident with the lessons learned.
    sign_in(d, u["policeAdmin"])
    d.get(base + "/app/projects/" + cfg["project"])
    d.find_element(By.LINK_TEXT, "Record an incident").click()
    Select(d.find_element(By.ID, "kind")).select_by_value("wrongfulDisclosure")
    fill(d, {"description": "A printed table of housing arrears by area was sent to the wrong team"})
    d.find_element(By.CSS_SELECTOR, "input[name='datasets[]'][value='housing']").click()
    Select(d.find_element(By.ID, "severity")).select_by_value("3")
    Select(d.find_element(By.ID, "likelihood")).select_by_value("2")
    d.find_element(By.ID, "record-incident").click()
    wait_text(d, "The incident is recorded and every organisation affected has been told", "the incident is recorded")
    expect("72-hour clock" in d.page_source and "hours left" in d.page_source, "the 72-hour clock runs")
    incident = d.current_url.split("?")[0]
    fill(d, {"view-reason": "Aggregates only; the team is within the partnership"})
    Select(d.find_element(By.ID, "view-report")).select_by_value("no")
    click(d, "Give our view")
    wait_text(d, "Saved.", "the police's view is recorded")
    shot(d, "31-incident-recorded")
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app")
    expect("Incident (wrongful disclosure)" in d.page_source, "the borough's dashboard lists the incident")
    d.get(incident)
    Select(d.find_element(By.ID, "decision-report")).select_by_value("no")
    fill(d, {"decision-reason": "No personal data left the partnership"})
    click(d, "Record the decision")
    wait_text(d, "Saved.", "the decision is recorded")   # ("Not reported" is also an option of the form it replaces)
    expect("Not reported" in d.find_element(By.TAG_NAME, "dl").text, "the decision is shown")
    Select(d.find_element(By.ID, "status")).select_by_value("closed")
    fill(d, {"cause": "A distribution list held an old address", "lessons": "Check the list before sending outputs"})
    click(d, "Save")
    wait_text(d, "Closed on", "the incident is closed")
    expect("Check the list before sending outputs" in d.page_source, "its lessons are shown")
    shot(d, "32-incident-closed")

    # The partnership grows: the county proposes a voluntary organisation (by its ICO number), every member's
    # signatory accepts from the dashboard, the newcomer's signatory signs the new declaration version and so joins;
    # the county adds it as a party to the agreement, which every party, the newcomer included, signs again.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/partnerships/" + cfg["partnership"])
    expect("Declaration, version 1" in d.page_source and "Every organisation it names has signed" in d.page_source, "version 1 is signed by all")
    fill(d, {"admit-ico": cfg["voluntaryICO"], "admit-reason": "It runs the drug and alcohol recovery service in Basildon"})
    d.find_element(By.ID, "propose-admission").click()
    wait_text(d, "The organisation is proposed", "the admission is proposed")
    shot(d, "33-admission-proposed")
    for who in ["countySignatory", "boroughSignatory", "policeSignatory", "universitySignatory"]:
        sign_in(d, u[who])
        expect("is proposed to join" in d.page_source, "the dashboard asks %s to decide" % who)
        d.find_element(By.LINK_TEXT, "Essex Data").click()
        wait_text(d, "Admit Basildon Recovery Trust?", "%s sees the proposal" % who)
        d.find_element(By.CSS_SELECTOR, "button[id^='accept-']").click()
        wait_text(d, "Your decision was recorded", "%s accepted" % who)
    expect("Joining (to sign the declaration)" in d.page_source and "Basildon Recovery Trust" in d.page_source, "accepted: joining")
    sign_in(d, u["voluntarySignatory"])
    expect("Sign the declaration of" in d.page_source, "the newcomer's dashboard asks it to sign")
    d.get(base + "/app/partnerships/" + cfg["partnership"])
    d.find_element(By.ID, "sign-declaration").click()
    wait_text(d, "You signed the declaration", "the newcomer signed")
    members = d.find_elements(By.TAG_NAME, "dd")[0].text
    expect("Basildon Recovery Trust" in members, "the newcomer is a member: %s" % members)
    expect("Not yet signed by" in d.page_source, "the members have yet to sign version 2")
    shot(d, "34-declaration-signed-newcomer")
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/agreements/" + cfg["agreement"])
    Select(d.find_element(By.ID, "party")).select_by_visible_text("Basildon Recovery Trust")
    d.find_element(By.ID, "add-party").click()
    wait_text(d, "The party is added", "the newcomer is added as a party")
    expect("Basildon Recovery Trust" in d.find_element(By.ID, "parties").text, "listed among the parties")
    changes = d.find_element(By.ID, "changes").text
    expect("What changed since version 1" in d.page_source and "Parties" in changes, "side by side with the signed version: %s" % changes)
    shot(d, "36-agreement-changes")
    click(d, "Submit for approval")
    wait_text(d, "submitted for approval", "the new version is submitted")
    for who in ["voluntarySignatory", "countySignatory", "boroughSignatory", "policeSignatory", "universitySignatory"]:
        sign_in(d, u[who])
        d.get(base + "/app/agreements/" + cfg["agreement"])
        click(d, "Sign this agreement")
        wait_text(d, "You signed the agreement", "%s signed the new version" % who)
        if who == "voluntarySignatory":
            shot(d, "35-agreement-signed-newcomer")
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/agreements/" + cfg["agreement"])
    click(d, "Approve the agreement")
    wait_text(d, "Done: approved", "the new version with five parties is approved")

    # The borough destroys its housing data early: everything derived from it goes, the run that read it is
    # withdrawn, and the certificate on the dataset's page says what went and what was kept.
    sign_in(d, u["boroughAdmin"])
    d.get(base + "/app/datasets/" + cfg["housingDataset"])
    fill(d, {"confirm": "destroy"})
    click(d, "Destroy this dataset")
    wait_text(d, "Destroyed, with everything derived from it", "the dataset is destroyed")
    expect("linked records" in d.page_source, "the certificate lists the linkage results destroyed with the data")
    expect("review pairs" in d.page_source and "data keys erased" in d.page_source, "each kind destroyed, counted")
    shot(d, "30-dataset-destroyed")

    # The transparency register, without signing in: the project with its signed agreement and who shares what;
    # the research partnership's project, which has no agreement, is not shown.
    d.delete_all_cookies()
    d.get(base + "/register")
    wait_text(d, "Transparency register", "the register opens without signing in")
    expect("Data shared for School readiness" in d.page_source and "Basildon Recovery Trust" in d.page_source, "the project and who shares what")
    expect("Early help evaluation" not in d.page_source, "a project without a signed agreement is not shown")
    shot(d, "37-register")
    d.find_element(By.LINK_TEXT, "School readiness by area").click()
    wait_text(d, "Open data", "the published output's public page")
    expect('class="chart map"' in d.page_source and "GeoJSON with the areas" in d.page_source, "its map, and its open data with the boundaries")
    shot(d, "38-public-output-map")

    # An auditor's view: the audit log verifies and exports.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/audit")
    expect("The chain verifies" in d.page_source, "the chain verifies")
    shot(d, "23-audit-log")
    # The export link is a download: fetch it with the browser's own session cookie.
    link = d.find_element(By.PARTIAL_LINK_TEXT, "Export the whole chain").get_attribute("href")
    exported = json.loads(fetch(d, link))
    expect(exported["format"] == "linkhaven-audit/1" and exported["checkpoints"], "the export is the signed chain")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("browser test failed: %s" % e)
        sys.exit(1)
