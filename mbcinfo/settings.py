"""Settings for MBC Info, read once from the environment.

`make run` works with no environment at all: it supplies a local secret key and serves on
SQLite. Production sets the variables documented in `.env.example`.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development only."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Old keys that still verify signatures while a new DJANGO_SECRET_KEY is rolled out.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "mbcinfo.topics",
    "mbcinfo.offline",  # patients (issue 5)
    "csp",  # its system check refuses the old CSP_* settings that 4.x would silently ignore
    "mbcinfo.serving",  # production: headers, page cache, /healthz, outage page
    "mbcinfo.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the same headers as pages.
    "mbcinfo.serving.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: a cached page is answered before sessions, CSRF and auth run.
    "mbcinfo.serving.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mbcinfo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mbcinfo.topics.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "mbcinfo.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where the Markdown pages and the site-wide facts live.
CONTENT_DIR = Path(os.environ.get("MBCINFO_CONTENT_DIR", BASE_DIR / "content"))

# --- Editing (issue 4): markdownx editor in the admin, previewed with the site's own renderer.
# markdownx's own URLs are not used (see mbcinfo/editing/views.py); ours keep its URL names.
INSTALLED_APPS += ["markdownx", "mbcinfo.editing"]
MARKDOWNX_MARKDOWNIFY_FUNCTION = "mbcinfo.editing.preview.markdownify"
# --- end Editing

# --- Production: security headers, HTTPS, caching, logging (issue 6) -----------------------
# Behind a load balancer that terminates TLS, gunicorn marks a request secure when the
# balancer (listed in FORWARDED_ALLOW_IPS) sends X-Forwarded-Proto: https.
# HTTPS is on unless switched off: forgetting a variable must not weaken a live site.
# `make run` and the tests switch it off because they serve plain http on 127.0.0.1.
HTTPS = env_flag("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe over plain http and treat a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Browsers only honour HSTS over https, so these are harmless on plain http.
SECURE_HSTS_SECONDS = 2 * 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Set by mbcinfo.serving.headers (Django has no setting for these two).
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "usb=()"
)

# django-csp 4.x reads only this dict; the old CSP_* settings are silently ignored.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Only the admin uses a frame: the editor's live preview (mbcinfo/editing/views.py).
        "frame-src": ["'self'"],
        # The web app manifest for offline reading (mbcinfo/offline); without it default-src blocks it.
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Rendered public pages, per process, keyed by the content generation (mbcinfo/serving/pagecache.py).
PAGE_CACHE_VIEWS = ["topics:home", "topics:topic"]
# How long a process trusts the content generation it last read (0: read it on every request).
PAGE_CACHE_GENERATION_SECONDS = float(os.environ.get("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", "1"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("MBCINFO_PAGE_CACHE_ENTRIES", "1000"))},
    },
}

# Errors go to stderr (gunicorn's error log). Django logs only the path of a failing request;
# the filter also strips any query string or client address from messages and tracebacks,
# because search terms are health data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "mbcinfo.serving.privatelog.ScrubFilter"},
                "brief": {"()": "mbcinfo.serving.privatelog.Brief"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "filters": ["private"]}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.security.DisallowedHost": {"handlers": ["stderr"], "level": "WARNING", "propagate": False,
                                           "filters": ["brief"]},
        "mbcinfo": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
# --- end production block ------------------------------------------------------------------
# --- search (mbcinfo/search) ---
# The Whoosh index lives outside the tracked files (var/ is git-ignored). Each web server keeps
# its own copy; a stale or missing one is rebuilt automatically from the database.
SEARCH_INDEX_DIR = Path(os.environ.get("MBCINFO_SEARCH_INDEX_DIR", BASE_DIR / "var" / "search-index"))
# Seconds a writer waits for another process that is writing the index before giving up.
SEARCH_LOCK_TIMEOUT = float(os.environ.get("MBCINFO_SEARCH_LOCK_TIMEOUT", "30"))
# Processes a full index build may use (commands only; see mbcinfo/search/index.py). Each adds a
# segment to the index: 2 took the corpus build from 18 to 14 s on 2 cores, searches as fast.
SEARCH_BUILD_PROCESSES = int(os.environ.get("MBCINFO_SEARCH_BUILD_PROCESSES", "2"))
# Count searches that found nothing (the query text and a count only; see mbcinfo/search/models.py).
SEARCH_RECORD_MISSES = env_flag("MBCINFO_SEARCH_RECORD_MISSES", True)
# Editors' word equivalences, applied to queries.
SEARCH_SYNONYMS_FILE = Path(os.environ.get("MBCINFO_SEARCH_SYNONYMS_FILE", CONTENT_DIR / "synonyms.yaml"))
# Search results per index generation, in this process's memory only (mbcinfo/search/resultcache.py).
CACHES["search"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "search",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("MBCINFO_SEARCH_CACHE_ENTRIES", "2000"))},
}
# --- end search ---
# --- Visitors' privacy in limits (mbcinfo/privacy) ---
# The load balancer's address(es), as for gunicorn: only from these is X-Forwarded-For believed
# when a limit needs the client's address. Unset: the connection's own address is the client's.
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS")
# Searches that found nothing one client may add to the editors' list per hour (per process).
SEARCH_MISSES_PER_CLIENT_PER_HOUR = int(os.environ.get("MBCINFO_SEARCH_MISSES_PER_CLIENT_PER_HOUR", "20"))
# --- end visitors' privacy ---
# --- Sign-in throttling (django-axes; mbcinfo/editing/signin.py) ---
# Failed admin sign-ins are counted per account and per client; either reaching the limit
# locks sign-in for the cool-off time. The counts live in a cache table in the shared database,
# so every worker on every server sees the same ones (a per-process memory cache would let an
# attacker try the limit once per process). The table holds only keyed hashes (the site's secret
# key is needed to recompute one, so no address or username can be read back), a number and an
# expiry time: axes' own tables and logs of attempts are switched off. MAX_ENTRIES 0 makes each
# write first delete every expired row (Django's database cache does that when over its limit),
# and the huge CULL_FREQUENCY makes that all it deletes, so nothing outlives its cool-off by
# more than the next failed sign-in.
import datetime  # noqa: E402

INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
CACHES["logins"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "mbcinfo_signin_failures",
    "KEY_FUNCTION": "mbcinfo.privacy.clients.unreadable_cache_key",
    "OPTIONS": {"MAX_ENTRIES": 0, "CULL_FREQUENCY": 2**62},
}
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "logins"
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "mbcinfo.editing.signin.account"
AXES_CLIENT_IP_CALLABLE = "mbcinfo.privacy.clients.client_address"
AXES_CLIENT_STR_CALLABLE = "mbcinfo.editing.signin.anonymous"
AXES_LOCKOUT_CALLABLE = "mbcinfo.editing.signin.locked_out"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
LOGGING["loggers"]["axes"] = {"handlers": ["stderr"], "level": "WARNING", "propagate": False}
# --- end sign-in throttling ---
