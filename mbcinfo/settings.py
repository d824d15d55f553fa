"""Settings for MBC Info, read once from the environment.

`make run` works with no environment at all: it supplies a local secret key and serves on
SQLite. Production sets the variables documented in `.env.example`.
"""
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Strict readers: a malformed value stops start-up naming the variable (mbcinfo/environment.py).
from mbcinfo.environment import env_addresses, env_flag, env_float, env_int, env_list, env_log_level

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# --- local secret key: `make run` writes it; manage.py commands in a local checkout read it too.
# Only where no production setting is given: a server that sets its database or host names but
# lost its DJANGO_SECRET_KEY stops below, even if someone once ran `make run` on it.
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".local-secret-key"
if not SECRET_KEY and not any(os.environ.get(name) for name in ("DATABASE_URL", "DJANGO_ALLOWED_HOSTS")):
    try:
        SECRET_KEY = LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
# --- end local secret key
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
    "mbcinfo.offline",  # offline reading: the service worker and the offline page
    "csp",  # its system check refuses the old CSP_* settings that 4.x would silently ignore
    "mbcinfo.serving",  # production: headers, page cache, /healthz, outage page
    "mbcinfo.search",
]

MIDDLEWARE = [
    # Outermost, so every response carries the security headers: SecurityMiddleware's https
    # redirect, static files, a 400 for a Host not allowed, cached pages (mbcinfo/serving/headers.py).
    "mbcinfo.serving.headers.SecurityHeadersMiddleware",
    # Before anything resolves a path (the page cache does) or renders a page (an error page too).
    "mbcinfo.languages.LanguageFromAddressMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mbcinfo.serving.methods.RefuseTraceMiddleware",  # 405 for TRACE, static files included
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: a cached page is answered before sessions, CSRF and auth run.
    "mbcinfo.serving.pagecache.PageCacheMiddleware",
    # The pages the page cache does not keep (glossary, printable sheet, offline page, search
    # results) get an ETag from their content, and a 304 when the visitor already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After auth: what a signed-in user sees is marked no-store (the offline service worker too).
    "mbcinfo.serving.headers.SignedInNoStoreMiddleware",
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
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the original; each other language is a translation served under its own prefix
# (/es/). The address alone chooses the language (mbcinfo/languages.py). Interface strings are in
# locale/<code>/LC_MESSAGES/django.po; the compiled .mo files are committed (make messages), so
# no machine needs GNU gettext.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded images are kept in the database, so every server serves them and the database
    # backup holds them (mbcinfo/editing/storage.py).
    "default": {"BACKEND": "mbcinfo.editing.storage.DatabaseStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"  # where uploaded images are served from the database (no MEDIA_ROOT)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where the Markdown pages and the site-wide facts live.
CONTENT_DIR = Path(os.environ.get("MBCINFO_CONTENT_DIR", BASE_DIR / "content"))
# The one source document every fact comes from. It sits beside the checkout, not in it; where it
# is absent (a server), checkcontent checks the claims register without comparing quotes.
SOURCE_DOCUMENT = Path(os.environ.get("MBCINFO_SOURCE_DOCUMENT",
                                      BASE_DIR.parent / "shared" / "seed" / "000_3e6de40d17005296.txt"))

# --- Editing: markdownx editor in the admin, previewed with the site's own renderer.
# markdownx's own URLs are not used (see mbcinfo/editing/views.py); ours keep its URL names.
INSTALLED_APPS += ["markdownx", "mbcinfo.editing"]
# The accessibility statement and editorial policy: figures from topics and editing.
INSTALLED_APPS += ["mbcinfo.trust"]
MARKDOWNX_MARKDOWNIFY_FUNCTION = "mbcinfo.editing.preview.markdownify"
# The images pages show travel with them in the content directory's images/ (loadcontent,
# exportcontent); see mbcinfo/topics/extras.py.
CONTENT_EXTRAS = ["mbcinfo.editing.content_images.ContentImages"]
# How loadcontent stores a file's version when pages are also edited in the admin: the decision
# table, conflicts and revisions (mbcinfo/editing/sync.py). Without it topics takes the files.
CONTENT_STORE_POLICY = "mbcinfo.editing.sync.FileOrAdminPolicy"
# --- end Editing

# --- Production: security headers, HTTPS, caching, logging ---------------------------------
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

# The site's public address, "https://name" (no path): canonical links, structured data and
# the page cache use it whatever Host a request names. Unset: the Host's name, without a port.
PUBLIC_ORIGIN = os.environ.get("MBCINFO_PUBLIC_ORIGIN", "").strip().rstrip("/")
if PUBLIC_ORIGIN and not re.fullmatch(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?", PUBLIC_ORIGIN):
    raise ImproperlyConfigured(f"MBCINFO_PUBLIC_ORIGIN must be like https://www.example.org (lower-case, "
                               f"no path), not {PUBLIC_ORIGIN!r}.")
# Rendered public pages, per process, keyed by the content generation (mbcinfo/serving/pagecache.py).
PAGE_CACHE_VIEWS = ["topics:home", "topics:topic"]
# How long a process trusts the content generation it last read (0: read it on every request):
# cached pages and searches (search/index.py content_version) alike.
PAGE_CACHE_GENERATION_SECONDS = env_float("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", 1.0, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("MBCINFO_PAGE_CACHE_ENTRIES", 1000, minimum=1)},
    },
}

# Errors go to stderr (gunicorn's error log). Django logs only the path of a failing request;
# the filter also strips any query string or client address from messages and tracebacks,
# because search terms are health data. Every handler has that filter.
# Django's own default: INFO while debugging (`make dev` shows its reloads), WARNING otherwise.
LOG_LEVEL = env_log_level("DJANGO_LOG_LEVEL", "INFO" if DEBUG else "WARNING")
# Optional mail to these people for each 500: DJANGO_ADMINS="Name <name@example.org>, ...".
ADMINS = env_addresses("DJANGO_ADMINS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"private": {"()": "mbcinfo.serving.privatelog.ScrubFilter"},
                "brief": {"()": "mbcinfo.serving.privatelog.Brief"},
                "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "filters": ["private"], "formatter": "plain"},
        # Sends nothing while ADMINS is empty, or while debugging (the browser shows the error).
        "mail_admins": {"class": "mbcinfo.serving.privatelog.PrivateAdminEmailHandler",
                        "filters": ["require_debug_false", "private"], "formatter": "plain",
                        "include_html": False},
    },
    "loggers": {
        # Replaces Django's default "django" handlers, whose admin mail is not scrubbed.
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.security.DisallowedHost": {"handlers": ["stderr"], "level": "WARNING", "propagate": False,
                                           "filters": ["brief"]},
        "mbcinfo": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
    },
}
# Mail for ADMINS; all optional (Django's defaults: localhost:25, no login).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("DJANGO_EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL are both on: set one "
                               "(TLS for port 587, SSL for port 465).")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
# --- end production block ------------------------------------------------------------------
# --- search (mbcinfo/search) ---
# The Whoosh index lives outside the tracked files (var/ is git-ignored). Each web server keeps
# its own copy; a stale or missing one is rebuilt automatically from the database.
SEARCH_INDEX_DIR = Path(os.environ.get("MBCINFO_SEARCH_INDEX_DIR", BASE_DIR / "var" / "search-index"))
# Seconds a writer waits for another process that is writing the index before giving up.
SEARCH_LOCK_TIMEOUT = env_float("MBCINFO_SEARCH_LOCK_TIMEOUT", 30.0, minimum=0)
# Processes a full index build may use (commands only; see mbcinfo/search/index.py). Each adds a
# segment to the index: 2 took the corpus build from 18 to 14 s on 2 cores, searches as fast.
SEARCH_BUILD_PROCESSES = env_int("MBCINFO_SEARCH_BUILD_PROCESSES", 2, minimum=1)
# Count searches that found nothing (the query text and a count only; see mbcinfo/search/models.py).
SEARCH_RECORD_MISSES = env_flag("MBCINFO_SEARCH_RECORD_MISSES", True)
# Editors' word equivalences, applied to queries.
SEARCH_SYNONYMS_FILE = Path(os.environ.get("MBCINFO_SEARCH_SYNONYMS_FILE", CONTENT_DIR / "synonyms.yaml"))
# The same for Spanish searches (their words are Spanish stems, so the lists cannot be shared).
SEARCH_SYNONYMS_FILE_ES = Path(os.environ.get("MBCINFO_SEARCH_SYNONYMS_FILE_ES", CONTENT_DIR / "es" / "synonyms.yaml"))
# Search results per index generation, in this process's memory only (mbcinfo/search/resultcache.py).
CACHES["search"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "search",
    "OPTIONS": {"MAX_ENTRIES": env_int("MBCINFO_SEARCH_CACHE_ENTRIES", 2000, minimum=1)},
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
# --- Readers' feedback: "Did this page help?" and "Report a problem" (mbcinfo/feedback) ---
# Built on topics, which knows nothing of it: its form reaches the end of every topic page, and
# its summary the page's admin form, through these template lists.
INSTALLED_APPS += ["mbcinfo.feedback"]
TOPIC_PAGE_END_TEMPLATES = ["feedback/topic_end.html"]
TOPIC_ADMIN_PANEL_TEMPLATES = ["feedback/admin/topic_summary.html"]
FEEDBACK_POSTS_PER_CLIENT_PER_HOUR = env_int("MBCINFO_FEEDBACK_POSTS_PER_CLIENT_PER_HOUR", 10, minimum=1)
FEEDBACK_MAX_OPEN_REPORTS = env_int("MBCINFO_FEEDBACK_MAX_OPEN_REPORTS", 1000, minimum=1)
# Posts per client are counted across servers in the database, under a keyed hash of the client
# (mbcinfo.privacy.clients.client_token), hashed again into the key; each count expires after the
# hour, and every write first deletes the expired ones (as the sign-in cache does).
FEEDBACK_CACHE = "feedback"
CACHES["feedback"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "mbcinfo_feedback_posts",
    "KEY_FUNCTION": "mbcinfo.privacy.clients.unreadable_cache_key",
    "OPTIONS": {"MAX_ENTRIES": 0, "CULL_FREQUENCY": 2**62},
}
# --- end readers' feedback ---
# --- Files served from the site root: the service worker, /sw.js (mbcinfo/offline/rootfiles.py) ---
from mbcinfo.offline import rootfiles  # noqa: E402

WHITENOISE_ROOT = rootfiles.ROOT_DIR
WHITENOISE_ADD_HEADERS_FUNCTION = rootfiles.add_headers
# --- end root files ---
