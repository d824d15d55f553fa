"""The admin's topic form: the same fields a content file has, checked the way the loader checks
them, so that whatever the admin saves can be exported and loaded again."""
import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mbcinfo.topics import frontmatter
from mbcinfo.topics.links import missing_pages
from mbcinfo.topics import clock
from mbcinfo.topics.models import Topic, slug_clash
from mbcinfo.topics.routes import ROUTES
from mbcinfo.topics.rendering import refusal, refusal_text, render_body

from .widgets import PreviewWidget

SOURCES_HELP = ("As in a content file, one entry per source:<br><code>- publisher: Susan G. Komen"
                "<br>&nbsp;&nbsp;title: Metastatic Breast Cancer</code>")


class SourcesField(forms.CharField):
    """`sources` as the YAML list a content file holds, so editors meet one syntax."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return yaml.dump(frontmatter.in_stable_order(value), Dumper=frontmatter.Dumper, sort_keys=False, allow_unicode=True,
                             default_flow_style=False, width=frontmatter.NO_WRAP) if value else ""
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return []
        try:
            # The content file's own loader: no anchors or aliases, dates left as text.
            data = yaml.load(text, Loader=frontmatter.FrontMatterLoader)
        except yaml.YAMLError as error:
            line = frontmatter.yaml_error_line(error, text)
            raise ValidationError(f"Line {line}: this {frontmatter.yaml_problem(error)}")
        if not isinstance(data, list) or not all(
                isinstance(item, dict) and isinstance(item.get("publisher"), str)
                and isinstance(item.get("title"), str) for item in data):
            raise ValidationError("Each source needs a 'publisher' and a 'title'.")
        return data


class SlugListField(forms.CharField):
    """`related` as one page slug per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).replace(",", "\n").splitlines() if line.strip()]


class LineListField(forms.CharField):
    """A list of texts, one per line (the appointment sheet's suggested questions)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).splitlines() if line.strip()]


class TopicForm(forms.ModelForm):
    sources = SourcesField(required=False, help_text=SOURCES_HELP)
    related = SlugListField(required=False, help_text="One page slug per line, e.g. palliative-care.")
    questions = LineListField(required=False, help_text=_(
        "Questions the reader may tick on the appointment sheet, one per line, each ending with "
        "'?'. Prompts for the care team, not facts, e.g. What treatment options do I have?"))
    audiences = forms.TypedMultipleChoiceField(
        required=False, choices=[(route.key, route.title) for route in ROUTES], widget=forms.CheckboxSelectMultiple,
        label=_("Routes by reader"), help_text=_("The home page's routes this page is on."))
    # The content hash the editor started from: if the page changed meanwhile (another editor,
    # or a file load), saving would silently undo that change, so the form refuses instead.
    base_hash = forms.CharField(widget=forms.HiddenInput, required=False)
    # Not a model field: a note given here is added, dated today, to the page's change notes.
    change_note = forms.CharField(
        required=False, max_length=frontmatter.MAX_CHANGE_NOTE, label="Change note",
        help_text="For a major revision only: one line saying what changed, for readers. It is "
                  "dated today and shown on the page under “What changed”, on /updates/ and in the "
                  "feed. Leave it empty for a small fix.")

    class Meta:
        model = Topic
        fields = ["title", "slug", "summary", "body", "section", "order", "audiences", "status",
                  "last_reviewed", "next_review", "sources", "related", "questions"]
        widgets = {
            "body": PreviewWidget(attrs={"rows": 30}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff who may only view a page get its fields read-only: the form then has none of them.
        if "body" in self.fields:
            self.fields["body"].strip = False  # leading and trailing lines are the editor's business
        if self.instance.pk and "base_hash" in self.fields:
            self.fields["base_hash"].initial = self.instance.content_hash

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if clash := slug_clash(slug, self.instance if self.instance.pk else None):
            raise ValidationError(clash[0].upper() + clash[1:])
        return slug

    def new_changes(self):
        """The page's change notes with the one given in this form, if any, added."""
        changes = list(self.instance.changes or [])
        if note := (self.cleaned_data.get("change_note") or "").strip():
            changes.append({"date": clock.today().isoformat(), "note": note})
        return changes

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if refused := refusal(body):
            raise ValidationError(refusal_text(refused))
        return body

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("base_hash", "") != self.instance.content_hash:
            raise ValidationError(
                "This page changed after you opened it (see its Revisions). Your text is still in "
                "the form: copy it, reload the page, and apply your change again.")
        if self.errors:
            return cleaned
        self._check_as_a_file(cleaned)
        self._check_links(cleaned)
        return cleaned

    def _draft(self, cleaned):
        fields = {name: cleaned.get(name) for name in TopicForm.Meta.fields if name != "slug"}
        return Topic(slug=cleaned.get("slug") or self.instance.slug, extra=self.instance.extra or {},
                     changes=self.new_changes(), **fields)

    def _check_as_a_file(self, cleaned):
        """Refuse what the loader would refuse: export must give a file that loads."""
        text = self._draft(cleaned).to_markdown()
        source = frontmatter.parse("page", text.encode("utf-8"), allow_extra_fields=True)
        for problem in source.problems:
            self.add_error(None, problem.message)

    def _check_links(self, cleaned):
        """The loader's cross-page rules: related pages and /topics/ links must exist."""
        draft = self._draft(cleaned)
        known = set(Topic.objects.filter(withdrawn=False).values_list("slug", flat=True)) | {draft.slug}
        for missing in missing_pages(draft.related, render_body(draft.body).links, known.__contains__):
            link = missing.link
            if link is None:
                self.add_error("related", f"No page has the slug '{frontmatter.excerpt(missing.slug)}'.")
            else:
                self.add_error("body", f"Line {link.line}: the link '{frontmatter.excerpt(link.text)}' goes "
                                       f"to {frontmatter.excerpt(link.href)}, "
                                       "but no page has that slug.")
