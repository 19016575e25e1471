"""Browser tests of the Linkhaven web interface: Selenium driving Debian's chromium (headless).

Run by BrowserTests (Swift), which sets up a platform with the demo partnership, serves it on
127.0.0.1 and writes a JSON file of its address, users and ids; this script signs in as each role
(password and a TOTP code it computes), does their jobs through the pages, saves a screenshot of
every page it visits, and exits non-zero on the first failure. Each role's jobs are in a module of their own
(`*_jobs.py`), run here in the order a partnership lives them; `kit.py` has what they share.
"""
import os, sys
from selenium.webdriver.common.by import By

from kit import browser, shot, shots, taken
from governance_jobs import governance
from analysis_jobs import analysis
from people_jobs import people
from partnership_jobs import partnership
from public_jobs import public_area
from audit_jobs import audit
from sso_jobs import single_sign_on
from dropbox_jobs import drop_box_keys


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
    governance(d)
    output, regression, resilience = analysis(d)
    people(d)
    partnership(d)
    public_area(d, output, regression, resilience)
    audit(d)
    single_sign_on(d)
    drop_box_keys(d)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("browser test failed: %s" % e)
        sys.exit(1)
