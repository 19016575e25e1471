"""Browser jobs of the operator, organisation admins, signatories and providers: organisations, partnerships,
projects, users, the agreement, API tokens, data quality, breach incidents and pseudonymisation audits."""
from selenium.webdriver.common.by import By

from kit import cfg, base, shot, expect, wait_text, submit_sign_in, sign_in, fetch, fill, click


def governance(d):
    """From a refused sign-in to an approved agreement, a provider's token and an audit pack."""
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
    expect("in single cells" in d.page_source and "Okonkwo" not in d.page_source, "the findings say where the leak was, never what")
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
