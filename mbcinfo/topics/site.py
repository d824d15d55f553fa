"""Site-wide facts (name, helpline, disclaimer) from `content/site.yaml`.

They come from a file, not the database, so that the error pages can show the helpline even
when the database is down.
"""
from functools import lru_cache

import yaml
from django.conf import settings
from django.http.request import split_domain_port

from .frontmatter import SafeYAMLLoader, UnreadableFile, printable, read_regular_file, yaml_error_line, yaml_problem

REQUIRED = ("site_name", "tagline", "description", "helpline", "disclaimer")
HELPLINE_REQUIRED = ("name", "display", "number")


class SiteFactsError(ValueError):
    pass


def read_site_facts(path):
    """Parse and check site.yaml; raise SiteFactsError naming the file and what to fix."""
    try:
        text = read_regular_file(path).decode("utf-8")
        data = yaml.load(text, Loader=SafeYAMLLoader)
    except UnreadableFile as error:
        raise SiteFactsError(printable(f"{path}: {error}")) from error
    except yaml.YAMLError as error:
        raise SiteFactsError(printable(f"{path}:{yaml_error_line(error, text)}: {yaml_problem(error)}")) from error
    except UnicodeDecodeError as error:
        raise SiteFactsError(f"{path}: cannot be read as UTF-8 text ({error}).") from error
    if not isinstance(data, dict):
        raise SiteFactsError(f"{path}:1: must be 'field: value' lines.")
    missing = [key for key in REQUIRED if not data.get(key)]
    helpline = data.get("helpline") or {}
    missing += [f"helpline.{key}" for key in HELPLINE_REQUIRED if not isinstance(helpline, dict) or not helpline.get(key)]
    if missing:
        raise SiteFactsError(f"{path}:1: missing {', '.join(missing)}.")
    return data


@lru_cache(maxsize=4)
def site_facts(language="en"):
    """The site facts in `language`: content/site.yaml, or content/<language>/site.yaml."""
    return read_site_facts(site_facts_path(language))


def site_facts_path(language="en"):
    """A translation's own site.yaml when its folder has one; otherwise the English file (a
    content directory with no translation yet still serves its translated interface)."""
    translated = settings.CONTENT_DIR / language / "site.yaml"
    return translated if language != "en" and translated.exists() else settings.CONTENT_DIR / "site.yaml"


def public_origin(request):
    """"https://host" as the site names itself in canonical links and structured data.

    settings.PUBLIC_ORIGIN (MBCINFO_PUBLIC_ORIGIN) when it is set: one address, and one cached
    copy of each page, whatever Host a request names. Otherwise the host name the visitor sent,
    lower-cased and without any port: the port is the client's choice ("127.0.0.1:1", ":2", …
    would each be a cached copy naming that port), and a public site is served on the
    scheme's default one. Either way request.get_host() first checks the Host against
    ALLOWED_HOSTS, and raises for any other (a 400).
    """
    host = request.get_host()
    if settings.PUBLIC_ORIGIN:
        return settings.PUBLIC_ORIGIN
    name, _ = split_domain_port(host)
    return f"{request.scheme}://{name}"
