"""Browser jobs about people: a leaver, the operator's view of admins, a two-factor reset."""
from selenium.webdriver.common.by import By

from kit import cfg, base, totp, shot, expect, wait_text, sign_in, confirmed, fill, click


def people(d):
    """A leaver is signed out at once; the operator sees admins only; a lost phone means a new enrolment."""
    u = cfg["users"]
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
