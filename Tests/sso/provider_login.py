"""Signs in at the OpenID provider's own login form as a browser would, and prints where the provider sends the
browser back: the client's redirect URI with `code` and `state` (or `error`).

    provider_login.py AUTHORIZE_URL USERNAME PASSWORD REDIRECT_PREFIX
"""
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

authorize, username, password, back = sys.argv[1:5]


class StopAtClient(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if newurl.startswith(back):
            raise Returned(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Returned(Exception):
    def __init__(self, url):
        self.url = url


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), StopAtClient())
try:
    page = opener.open(authorize)  # the provider asks the user to sign in
    form = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password,
                                   "next": urllib.parse.parse_qs(urllib.parse.urlparse(page.geturl()).query).get("next", [""])[0]}).encode()
    opener.open(urllib.request.Request(page.geturl(), data=data, headers={"Referer": page.geturl()}))
    print("no redirect back to the client", file=sys.stderr)
    sys.exit(1)
except Returned as r:
    print(r.url)
