"""Reading settings from environment variables, strictly.

A value that is not exactly one of the accepted forms stops start-up with ImproperlyConfigured
naming the variable. Guessing would be worse: read loosely, `DJANGO_HTTPS=ture` meant "off",
so a typo switched HTTPS off on a live site. Used by settings.py and gunicorn.conf.py.
"""
import os
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _raw(name):
    """The variable's value with surrounding spaces removed; None when unset or empty."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _refuse(name, value, expected):
    return ImproperlyConfigured(f"{name}={value!r} is not valid: expected {expected}. "
                                f"Fix or unset {name}.")


def env_flag(name, default=False):
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise _refuse(name, value, "one of 1/0, true/false, yes/no, on/off")


def env_int(name, default, minimum=None):
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _refuse(name, value, "a whole number") from None
    if minimum is not None and number < minimum:
        raise _refuse(name, value, f"a whole number of at least {minimum}")
    return number


def env_float(name, default, minimum=None):
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _refuse(name, value, "a number") from None
    # float() also reads "nan" and "inf", which no setting here means.
    if number != number or number in (float("inf"), float("-inf")):
        raise _refuse(name, value, "a finite number")
    if minimum is not None and number < minimum:
        raise _refuse(name, value, f"a number of at least {minimum:g}")
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_log_level(name, default="WARNING"):
    value = _raw(name)
    if value is None:
        return default
    if value.upper() not in LOG_LEVELS:
        raise _refuse(name, value, "one of " + ", ".join(LOG_LEVELS))
    return value.upper()


def env_addresses(name):
    """'Name <a@example.org>, b@example.org' → [("Name", "a@example.org"), ("", "b@example.org")]."""
    value = _raw(name)
    if value is None:
        return []
    pairs = getaddresses([value])
    if not pairs or any("@" not in address or " " in address for _, address in pairs):
        raise _refuse(name, value, "comma-separated addresses like 'Name <name@example.org>'")
    return pairs
