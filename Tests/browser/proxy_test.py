"""Through Debian's nginx with a self-signed certificate (NginxProxyTests): signs in in Chromium over HTTPS and checks
the session cookie's flags, HSTS on what nginx passes on, the redirect from plain HTTP, and that nginx never serves
the metrics. Prints what it found as one JSON line."""
import http.client, json, ssl, urllib.error, urllib.request
from kit import base, browser, cfg, expect, shot, sign_in


def main():
    tls = ssl.create_default_context(cafile=cfg["certificate"])   # the test's own certificate, checked, name and all
    d = browser()
    try:
        sign_in(d, cfg["users"]["operator"])
        shot(d, "60-signed-in-through-nginx")
        expect(d.current_url.startswith(base + "/app"), "on the dashboard over HTTPS: %s" % d.current_url)
        session = [c for c in d.get_cookies() if c["name"] == "lh_session"]
        expect(len(session) == 1, "one session cookie: %r" % [c["name"] for c in d.get_cookies()])
        flags = {k: session[0].get(k) for k in ("secure", "httpOnly", "sameSite")}
        expect(flags == {"secure": True, "httpOnly": True, "sameSite": "Strict"}, "the session cookie's flags: %r" % flags)
    finally:
        d.quit()
    with urllib.request.urlopen(base + "/health/live", context=tls) as r:
        hsts = r.headers.get("Strict-Transport-Security") or ""
    expect(hsts.startswith("max-age=") and "includeSubDomains" in hsts, "HSTS: %r" % hsts)
    try:
        urllib.request.urlopen(base + "/metrics", context=tls)
        raise AssertionError("nginx served /metrics")
    except urllib.error.HTTPError as e:
        expect(e.code == 404, "/metrics through nginx: %d" % e.code)
    plain = http.client.HTTPConnection("127.0.0.1", cfg["httpPort"], timeout=10)
    plain.request("GET", "/app")
    r = plain.getresponse()
    location = r.getheader("Location") or ""
    expect(r.status == 301 and location.startswith("https://"), "plain HTTP: %d %s" % (r.status, location))
    print(json.dumps({"cookie": flags, "hsts": hsts, "metrics": 404, "plainHTTP": [r.status, location]}))


if __name__ == "__main__":
    main()
