"""Site-wide facts (name, helpline, disclaimer) from `content/site.yaml`.

They come from a file, not the database, so that the error pages can show the helpline even
when the database is down.
"""
from functools import lru_cache

import yaml
from django.conf import settings

from .frontmatter import SafeYAMLLoader, yaml_error_line, yaml_problem

REQUIRED = ("site_name", "tagline", "description", "helpline", "disclaimer")
HELPLINE_REQUIRED = ("name", "display", "number")


class SiteFactsError(ValueError):
    pass


def read_site_facts(path):
    """Parse and check site.yaml; raise SiteFactsError naming the file and what to fix."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=SafeYAMLLoader)
    except yaml.YAMLError as error:
        raise SiteFactsError(f"{path}:{yaml_error_line(error, text)}: {yaml_problem(error)}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SiteFactsError(f"{path}: cannot be read as YAML ({error}).") from error
    if not isinstance(data, dict):
        raise SiteFactsError(f"{path}:1: must be 'field: value' lines.")
    missing = [key for key in REQUIRED if not data.get(key)]
    helpline = data.get("helpline") or {}
    missing += [f"helpline.{key}" for key in HELPLINE_REQUIRED if not isinstance(helpline, dict) or not helpline.get(key)]
    if missing:
        raise SiteFactsError(f"{path}:1: missing {', '.join(missing)}.")
    return data


@lru_cache(maxsize=1)
def site_facts():
    return read_site_facts(settings.CONTENT_DIR / "site.yaml")


def public_origin(request):
    """"https://host" as the site names itself in canonical links and structured data.

    The Host header as the visitor sent it (request.get_host() checks it against
    ALLOWED_HOSTS, and raises for any other), lower-cased and without the scheme's default
    port: "WWW.Example.org:443" and "www.example.org" are one address, and one cached page.
    """
    host = request.get_host().lower().removesuffix(":443" if request.is_secure() else ":80")
    return f"{request.scheme}://{host}"
