"""The live figures the trust pages show, computed from the database on each view: the pages
and their review dates, each page's reading grade (as checkcontent reports it), and the size of
the claims register."""
from dataclasses import dataclass
import datetime

from django.apps import apps

from mbcinfo.editing.lint import GRADE_LIMIT, body_grade
from mbcinfo.topics import clock
from mbcinfo.topics.models import Topic
from mbcinfo.topics.rendering import render_body


@dataclass(frozen=True)
class PageFigures:
    topic: Topic
    last_reviewed: datetime.date | None
    next_review: datetime.date | None
    grade: float | None
    review_overdue: bool

    @property
    def reads_above_limit(self):
        return self.grade is not None and self.grade > GRADE_LIMIT


def page_figures():
    """[PageFigures] for every live page, in reading order."""
    today = clock.today()
    return [PageFigures(topic, topic.last_reviewed, topic.next_review, body_grade(render_body(topic.body)),
                        topic.review_overdue(today))
            for topic in Topic.objects.live().in_reading_order().only(
                "slug", "title", "body", "last_reviewed", "next_review")]


def registered_claims():
    """How many claims the claims register holds, or None while the site has no register.

    The register is topics' `Claim` model (loaded from content/claims.yaml); looked up by
    name so these pages work whether or not it is installed."""
    try:
        claim = apps.get_model("topics", "Claim")
    except LookupError:
        return None
    return claim.objects.count()
