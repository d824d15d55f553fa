"""Today's date for everything that depends on it (is a page due for review?), in one place,
so a test can move the clock by patching `today`."""
from django.utils import timezone


def today():
    return timezone.localdate()
