"""An auditor's browser job: the audit log verifies and exports."""
import json
from selenium.webdriver.common.by import By

from kit import cfg, base, shot, expect, sign_in, fetch


def audit(d):
    """The chain verifies; its export is the signed chain."""
    u = cfg["users"]
    # An auditor's view: the audit log verifies and exports.
    sign_in(d, u["countyAdmin"])
    d.get(base + "/app/audit")
    expect("The chain verifies" in d.page_source, "the chain verifies")
    shot(d, "23-audit-log")
    # The export link is a download: fetch it with the browser's own session cookie.
    link = d.find_element(By.PARTIAL_LINK_TEXT, "Export the whole chain").get_attribute("href")
    exported = json.loads(fetch(d, link))
    expect(exported["format"] == "linkhaven-audit/1" and exported["checkpoints"], "the export is the signed chain")
