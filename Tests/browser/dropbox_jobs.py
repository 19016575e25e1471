"""The SFTP drop-box's keys in the browser: the county's admin registers its nightly job's public key on the
organisation page, sees the account to connect as and the key's fingerprint (as ssh-keygen prints it), and revokes it."""
import os, subprocess, tempfile

from selenium.webdriver.common.by import By

from kit import cfg, base, shot, expect, wait_text, sign_in, fill


def drop_box_keys(d):
    """A key made with Debian's ssh-keygen, registered, compared and revoked."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "nightly")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "county nightly job", "-f", path], check=True)
        public = open(path + ".pub").read().strip()
        fingerprint = subprocess.run(["ssh-keygen", "-lf", path + ".pub"], check=True, capture_output=True, text=True).stdout.split()[1]
    sign_in(d, cfg["users"]["countyAdmin"])
    d.get(base + "/app/organisations/" + cfg["county"])
    expect("lh-z6034810" in d.page_source, "the account the county's jobs connect as is shown")
    fill(d, {"sftp-name": "Nightly job", "sftp-key": public})
    d.find_element(By.ID, "add-sftp-key").click()
    wait_text(d, "The key is registered", "the key is registered")
    expect(fingerprint in d.page_source, "the fingerprint shown is ssh-keygen's: " + fingerprint)
    expect("county nightly job" not in d.page_source, "the key's comment is not kept")
    shot(d, "45-sftp-drop-box-keys")
    revoke = [b for b in d.find_elements(By.CSS_SELECTOR, "button[id^=revoke-]")]
    expect(len(revoke) == 1, "one live key to revoke")
    revoke[0].click()
    wait_text(d, "The key is revoked", "the key is revoked")
    expect("revoked " in d.page_source and not d.find_elements(By.CSS_SELECTOR, "button[id^=revoke-]"), "shown as revoked, with nothing left to revoke")
