"""A real OpenID Connect provider for the single sign-on tests: django-oidc-provider (PyPI) in a one-file Django site,
served on 127.0.0.1 only, with its own SQLite database in a scratch directory.

    oidc_provider_site.py SETUP.json

SETUP.json: {"port": 0, "dir": "...", "clients": [{"id", "secret", "redirect"}], "users": [{"username", "email",
"password", "mfa": true|false}], "idTokenSeconds": 600}. The site migrates, makes its RSA signing key, registers each
client (Authorization Code flow, PKCE accepted, no consent screen) and user, prints one line "ready ISSUER" and serves
until it is killed, its parent (the test) goes, or 15 minutes pass. The ID token carries the user's e-mail, and `amr` ["pwd", "otp", "mfa"] for users set up with
MFA, ["pwd"] for the others — as a provider enforcing MFA for some staff would say.
"""
import io
import json
import os
import socket
import sys

import django
from django.conf import settings

setup = json.load(open(sys.argv[1]))
port = setup.get("port") or 0
if not port:  # a free port on the loopback
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
site = "http://127.0.0.1:%d" % port
here = os.path.dirname(os.path.abspath(__file__))

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    SECRET_KEY=os.urandom(32).hex(),
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "oidc_provider"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(setup["dir"], "provider.sqlite3")}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [os.path.join(here, "templates")], "APP_DIRS": True,
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}],
    LOGIN_URL="/accounts/login/",
    SITE_URL=site,
    USE_TZ=True,
    OIDC_IDTOKEN_INCLUDE_CLAIMS=True,
    OIDC_IDTOKEN_EXPIRE=setup.get("idTokenSeconds", 600),
    OIDC_USERINFO=__name__ + ".userinfo",
    OIDC_IDTOKEN_PROCESSING_HOOK=__name__ + ".authentication_methods",
    LOGGING={"version": 1, "handlers": {"err": {"class": "logging.StreamHandler"}},
             "loggers": {"oidc_provider": {"handlers": ["err"], "level": "DEBUG"}}},
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402  (after setup)
from django.contrib.auth.views import LoginView  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import include, path  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402

urlpatterns = [
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("accounts/login/", LoginView.as_view(template_name="login.html")),
]
MFA = {u["username"] for u in setup["users"] if u.get("mfa")}


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    return claims


def authentication_methods(id_token, user, **kwargs):
    id_token["amr"] = ["pwd", "otp", "mfa"] if user.username in MFA else ["pwd"]
    return id_token


def stop_with_parent(lifetime=900):
    """Exits when the test that started it has gone (its parent changes) or after `lifetime` seconds."""
    import threading
    import time
    parent, started = os.getppid(), time.time()

    def watch():
        while os.getppid() == parent and time.time() - started < lifetime:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    stop_with_parent()
    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=io.StringIO())
    code = ResponseType.objects.get(value="code")
    for c in setup["clients"]:
        client = Client.objects.create(name=c["id"], client_id=c["id"], client_secret=c["secret"], client_type="confidential",
                                       require_consent=False, reuse_consent=True, jwt_alg="RS256", _redirect_uris=c["redirect"])
        client.response_types.add(code)
    for u in setup["users"]:
        User.objects.create_user(u["username"], email=u["email"], password=u["password"])
    print("ready " + site + "/openid", flush=True)
    call_command("runserver", "127.0.0.1:%d" % port, "--noreload", "--skip-checks", verbosity=0)
