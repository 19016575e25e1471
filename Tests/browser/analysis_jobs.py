"""Browser jobs of analysts, reviewers and data owners: linkage, analyses, release, and the agreement's suspension."""
import json, time, urllib.request
from selenium.webdriver.common.by import By

from kit import output_id, cfg, base, shot, expect, wait_text, sign_in, cookie_header, confirmed, fill, click


def decide_release(d, output, deciders):
    """Each (user, "review" or "owner") is asked on their dashboard, opens the output and approves its release."""
    u = cfg["users"]
    for who, role in deciders:
        sign_in(d, u[who])
        expect(("approve or refuse the release" if role == "owner" else "for release") in d.page_source, "the dashboard asks %s to decide" % who)
        d.get(base + "/app/outputs/" + output)
        d.find_element(By.CSS_SELECTOR, "#as option[value='%s']" % role).click()
        d.find_element(By.ID, "note").send_keys("Checked by %s" % who)
        d.find_element(By.ID, "decide").click()
        wait_text(d, "Your decision was recorded", "%s decided" % who)


def analysis(d):
    """Links, analyses, releases and publishes; returns the ids of the published table, of an unpublished regression and
    of the published resilience view."""
    u = cfg["users"]
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
    expect("How the linkage was designed" in d.page_source and "blocking rules measured on the data" in d.page_source,
           "with no configuration the run page says how the engine designed the linkage")
    expect("Where to draw the line" in d.page_source and "What each comparison weighs" in d.page_source
           and d.page_source.count("<svg") >= 4, "and draws it: the curve, the rules, the levels, the histogram")
    shot(d, "18-linkage-run")
    d.get(d.current_url.split("?")[0] + "/review")
    expect("No pairs need review" in d.page_source or "Prior (before comparing)" in d.page_source,
           "each pair for review is drawn as a waterfall of its weights")
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
    regression = output_id(d)
    shot(d, "20-regression")

    # The analyst runs a table and requests release; two reviewers and the data owner approve.
    d.get(base + "/app/projects/%s/analyses/new" % cfg["project"])
    fill(d, {"title": "School readiness by area", "rows": "school_readiness.small_area", "columns": "school_readiness.school_ready"})
    click(d, "Run the analysis")
    wait_text(d, "Disclosure check", "the output with its check report")
    expect('class="chart map"' in d.page_source, "a small-area map from the project's boundaries")
    output = output_id(d)
    shot(d, "21-output-checked")
    click(d, "Request release")
    wait_text(d, "Release was requested", "release requested")
    decide_release(d, output, [("boroughAnalyst", "review"), ("countyReviewer", "review"), ("countyProvider", "owner")])
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

    # The resilience view: people known to one, two or 3+ services by small area. It counts every service's data,
    # so every provider approves its release; published, anyone can open its map.
    d.get(base + "/app/projects/%s/analyses/new" % cfg["project"])
    d.find_element(By.ID, "run-resilience").click()
    wait_text(d, "Disclosure check", "the resilience view with its check report")
    expect("known to 2 or more services" in d.page_source, "mapped as the share known to two or more services")
    resilience = output_id(d)
    shot(d, "39-resilience-view")
    click(d, "Request release")
    wait_text(d, "Release was requested", "the resilience view's release is requested")
    decide_release(d, resilience, [("boroughAnalyst", "review"), ("countyReviewer", "review"), ("countyProvider", "owner"),
                                   ("boroughProvider", "owner"), ("policeSignatory", "owner")])
    expect("RELEASED" in d.page_source.upper(), "released once every provider approved")
    sign_in(d, u["countyAnalyst"])
    d.get(base + "/app/outputs/" + resilience)
    click(d, "Publish as open data")
    wait_text(d, "The output was published as open data", "the resilience view is published")
    return output, regression, resilience
