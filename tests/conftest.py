import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link their CSS through the static manifest, as in production.

    Collected on every run: a stylesheet changed since the last run must be the one tested.
    """
    call_command("collectstatic", interactive=False, verbosity=0)
