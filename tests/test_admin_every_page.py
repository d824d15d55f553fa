"""Every admin page and every admin action, as every kind of user: never a server error.

The pages come from the admin site's own registry and URL patterns, so a model or a custom view
added later is visited without touching this file. A URL parameter this file does not know how
to fill fails the test by name. Each page is fetched; a page that only takes POST is posted to;
every form on a page is submitted as a browser would (its current values), every link on a
list page that changes its filters or order is followed, and every action is run on one object.
Each request runs in a transaction that is rolled back, so one (a delete, a revert, a logout)
never changes what the next one sees. Exceptions are not caught: a failure shows its traceback.
"""
import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver
from django.utils import timezone

from mbcinfo.feedback.models import Helpfulness, ProblemReport
from mbcinfo.search.models import MissedQuery
from mbcinfo.topics.models import Topic

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ALLOWED = {200, 302, 403}
ADMIN = "/admin/"

# What an editor is given: pages and their revisions, and the searches that found nothing
# (a to-do list for content). Nothing about users.
EDITOR_PERMISSIONS = [
    ("topics", "view_topic"), ("topics", "add_topic"), ("topics", "change_topic"),
    ("editing", "view_revision"), ("editing", "add_revision"),
    ("search", "view_missedquery"),
    ("feedback", "view_helpfulness"), ("feedback", "view_problemreport"), ("feedback", "change_problemreport"),
]
ROLES = ["superuser", "editor", "view-only staff", "staff without permissions", "anonymous"]


def make_user(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("root", "root@example.invalid", "x-unused-password")
    user = User.objects.create_user(role.replace(" ", "-"), is_staff=True)
    if role == "editor":
        user.user_permissions.add(*(Permission.objects.get(content_type__app_label=app, codename=code)
                                    for app, code in EDITOR_PERMISSIONS))
    elif role == "view-only staff":
        user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return user


@pytest.fixture
def site_data(db):
    """The shipped pages (with their revisions), one due for review, a missed search, feedback, a group."""
    call_command("loadcontent", verbosity=0)
    topic = Topic.objects.order_by("pk").first()
    Topic.objects.filter(pk=topic.pk).update(next_review=timezone.localdate() + datetime.timedelta(days=3))
    MissedQuery.objects.create(query="scan results", last_seen=timezone.now())
    Helpfulness.objects.create(topic=topic, month=timezone.localdate().replace(day=1), yes=2, no=1)
    ProblemReport.objects.create(topic=topic, text="A typo in the second heading.")
    Group.objects.create(name="Editors")
    User.objects.create_user("someone-else", is_staff=True)


# --- which pages there are -------------------------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def fill(route, values, where):
    def value(match):
        name = match.group(1)
        assert name in values, (f"{where}: the admin URL {route!r} takes a parameter {name!r} that "
                                f"this test cannot fill yet; teach `parameters()` about it.")
        return str(values[name])
    return ROUTE_PARAMETER.sub(value, route)


def parameters(model_admin, superuser):
    """Values for the URL parameters of one model admin's pages: an object it lists, and so on."""
    request = RequestFactory().get(ADMIN)
    request.user = superuser
    obj = model_admin.get_queryset(request).order_by("pk").first()
    assert obj is not None, (f"No {model_admin.opts.verbose_name} to open: give the admin test's "
                             "site_data one, so its change, history and delete pages are visited.")
    values = {"object_id": obj.pk, "id": obj.pk}
    revisions = getattr(obj, "revisions", None)
    if revisions is not None:
        values["revision_id"] = revisions.order_by("pk").first().pk
    return values


def admin_pages(superuser):
    """(url name, path) for every page of the admin site, from its URL patterns."""
    pages = []
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            continue  # one model admin's pages: below, with that admin's objects
        route = str(pattern.pattern)
        if pattern.name == "app_list":
            labels = {model._meta.app_label for model in admin.site._registry}
            pages += [("app_list", f"{ADMIN}{label}/") for label in sorted(labels)]
        elif pattern.name == "view_on_site":
            topic = Topic.objects.order_by("pk").first()
            pages.append(("view_on_site", ADMIN + fill(route, {
                "content_type_id": ContentType.objects.get_for_model(Topic).pk, "object_id": topic.pk}, "site")))
        elif pattern.name is None and "(?P<url>" in route:
            pages.append(("catch_all", f"{ADMIN}no-such-page/"))
        else:
            pages.append((pattern.name, ADMIN + fill(route, {}, "site")))
    for model, model_admin in admin.site._registry.items():
        prefix = f"{ADMIN}{model._meta.app_label}/{model._meta.model_name}/"
        values = parameters(model_admin, superuser)
        for pattern in model_admin.get_urls():
            assert isinstance(pattern, URLPattern), pattern
            name = pattern.name or f"{model._meta.model_name} {pattern.pattern}"
            pages.append((name, prefix + fill(str(pattern.pattern), values, type(model_admin).__name__)))
    return pages


def admin_actions():
    """(model admin, action name) for every action any model admin has, before permissions."""
    return [(model_admin, name) for model_admin in admin.site._registry.values()
            for _, name, _ in model_admin._get_base_actions()]


# --- visiting them ---------------------------------------------------------------------------

class Forms(HTMLParser):
    """The forms on a page and what a browser would send for each, unchanged."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.form, self.textarea, self.select = [], None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                         "fields": [], "submit": None}
            self.forms.append(self.form)
        if self.form is None or "disabled" in attrs:
            return
        name, kind = attrs.get("name"), (attrs.get("type") or "").lower()
        if tag in ("input", "button") and kind in ("submit", "image", "") and (tag == "button" or kind):
            if name and self.form["submit"] is None:
                self.form["submit"] = (name, attrs.get("value") or "")
        elif tag == "input" and name and kind != "file":
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.form["fields"].append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": [], "multiple": "multiple" in attrs}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or ([] if self.select["multiple"] else [self.select["first"]])
            self.form["fields"] += [(self.select["name"], value) for value in chosen if value is not None]
            self.select = None


def as_data(fields, submit):
    data = {}
    for name, value in fields + ([submit] if submit else []):
        data.setdefault(name, []).append(value)
    return data


class Visitor:
    def __init__(self, client, role, user):
        self.client, self.role, self.user, self.seen = client, role, user, []

    def sees_app(self, label):
        request = RequestFactory().get(ADMIN)
        request.user = self.user
        return self.user is not None and bool(admin.site.get_app_list(request, label))

    def request(self, method, path, data=None, allowed=ALLOWED, what=""):
        """One request, undone afterwards: its database changes and any cookie it set."""
        cookies = self.client.cookies
        self.client.cookies = type(cookies)(cookies)  # a copy: the response may change it
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(path, data or {})
                transaction.set_rollback(True)
        finally:
            self.client.cookies = cookies
        self.seen.append((method, path, response.status_code))
        assert response.status_code in allowed, (
            f"{self.role}: {method.upper()} {path} {what}answered {response.status_code}")
        return response

    def page(self, name, path):
        allowed = ALLOWED
        if name == "catch_all" or name == "app_list" and not self.sees_app(path.split("/")[-2]):
            allowed = ALLOWED | {404}  # how Django's admin answers for a page that is not there for you
        response = self.request("get", path, allowed=allowed | {405})
        if response.status_code == 405:
            response = self.request("post", path, allowed=allowed, what="(it takes only POST) ")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        html = response.content.decode()
        for form in Forms(html).forms:
            target = urlsplit(urljoin(path, form["action"])).path
            if not target.startswith(ADMIN) or target == f"{ADMIN}logout/":
                continue  # logging out is visited as a page of its own
            if form["method"] == "post":
                self.request("post", target, as_data(form["fields"], form["submit"]), what="(its form, unchanged) ")
            else:
                fields = [(name, value or "a") for name, value in form["fields"]]
                self.request("get", target, as_data(fields, None), what="(its search form) ")
        if name.endswith("_changelist"):
            for link in sorted(set(re.findall(r'href="(\?[^"]*)"', html))):
                self.request("get", path + link.replace("&amp;", "&"), what="(a filter or order link) ")

    def action(self, model_admin, name):
        changelist = f"{ADMIN}{model_admin.opts.app_label}/{model_admin.opts.model_name}/"
        obj = model_admin.get_queryset(RequestFactory().get(ADMIN)).order_by("pk").first()
        data = {"action": name, "_selected_action": [obj.pk], "index": 0}
        with transaction.atomic():
            response = self.request("post", changelist, data, what=f"(action {name}) ")
            if response.status_code == 200 and name == "delete_selected" and b'name="post"' in response.content:
                self.request("post", changelist, {**data, "post": "yes"}, what=f"(action {name}, confirmed) ")
            transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_and_action_answers_without_a_server_error(site_data, client, role):
    superuser = User.objects.filter(is_superuser=True).first() or make_user("superuser")
    user = superuser if role == "superuser" else make_user(role)
    if user is not None:
        client.force_login(user)
    visitor = Visitor(client, role, user)
    pages = admin_pages(superuser)
    for name, path in pages:
        visitor.page(name, path)
    for model_admin, name in admin_actions():
        visitor.action(model_admin, name)

    # The enumeration found the custom pages, and the roles really differ.
    names = {name for name, _ in pages}
    assert {"topics_topic_revisions", "topics_topic_revision", "topics_topic_revert",
            "editing_reviewdue_changelist", "search_missedquery_changelist", "app_list"} <= names
    assert {"make_draft_selected", "publish_selected", "delete_selected"} <= {n for _, n in admin_actions()}
    topic = Topic.objects.order_by("pk").first()
    status = {path: code for method, path, code in visitor.seen if method == "get"}
    change = status[f"{ADMIN}topics/topic/{topic.pk}/change/"]
    expected = {"superuser": 200, "editor": 200, "view-only staff": 200,
                "staff without permissions": 403, "anonymous": 302}
    assert change == expected[role]
