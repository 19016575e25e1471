"""What every browser job uses: the platform's address and users (from the JSON file BrowserTests writes), a
headless chromium, screenshots with an accessibility check of each page, and the steps of signing in and
filling in forms."""
import base64, hashlib, hmac, json, os, struct, sys, time, urllib.request
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

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
    if cfg.get("certificate"):   # a test's self-signed certificate (NginxProxyTests)
        o.add_argument("--ignore-certificate-errors")
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


def output_id(d):
    """The id of the output whose page the browser is on."""
    return d.current_url.split("/app/outputs/")[1].split("?")[0]
