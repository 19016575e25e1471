"""Browser jobs over time: an incident, a partnership that grows, and early destruction."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from kit import cfg, base, shot, expect, wait_text, sign_in, fill, click


def partnership(d):
    """An incident to its close, a newcomer through admission, declaration and agreement, then destruction."""
    u = cfg["users"]
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
