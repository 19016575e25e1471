"""Single sign-on in the browser: the county's admin sets up its own OpenID provider, and its analyst signs in
through the provider's own login form."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from kit import cfg, base, shot, expect, wait_text, sign_in, fill


def single_sign_on(d):
    """The admin configures the provider; the analyst chooses the county on the sign-in page, signs in at the
    provider, and lands on their dashboard."""
    u, sso = cfg["users"], cfg["sso"]
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/organisations/" + cfg["county"])
    expect("/sso/callback" in d.page_source, "the redirect URI to register is shown")
    fill(d, {"sso-issuer": sso["issuer"], "sso-client": sso["clientID"], "sso-secret": sso["secret"]})
    Select(d.find_element(By.ID, "sso-mfa")).select_by_value("amr")
    d.find_element(By.ID, "save-sso").click()
    wait_text(d, "Saved.", "single sign-on is set up")
    expect(sso["secret"] not in d.page_source, "the client secret is not shown back")
    shot(d, "42-single-sign-on-setup")

    d.delete_all_cookies()
    d.get(base + "/sign-in")
    Select(d.find_element(By.ID, "organisation")).select_by_visible_text("Essex County Council")
    shot(d, "43-sign-in-with-organisation")
    d.find_element(By.ID, "sign-in-sso").click()
    wait_text(d, "Essex Identity", "the provider's own login form")
    d.find_element(By.ID, "id_username").send_keys(sso["username"])
    d.find_element(By.ID, "id_password").send_keys(sso["password"])
    d.find_element(By.ID, "provider-sign-in").click()
    wait_text(d, "Dashboard", "signed in through the county's provider, on the dashboard", seconds=20)
    expect(d.current_url.startswith(base + "/app"), "back on Linkhaven: %s" % d.current_url)
    shot(d, "44-dashboard-after-sso")
