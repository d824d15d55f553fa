"""The two feedback forms, and what they refuse."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mbcinfo.privacy.identifiers import holds_identifier

from .models import ProblemReport

# Reports wait for an editor; a flood must not push real ones out, so past this many open
# reports new ones are refused (and none is ever deleted to make room).
MAX_OPEN_REPORTS = getattr(settings, "FEEDBACK_MAX_OPEN_REPORTS", 1000)

PERSONAL_DETAILS = _("Please leave out personal details such as names, phone numbers, email or web "
                     "addresses, dates of birth, postcodes and record numbers. We have not kept your "
                     "message. Take them out and send it again.")


class Honeypot(forms.Form):
    # Hidden from people (and from screen readers); a script that fills in every field fills it.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def is_bot(self):
        return bool(self.data.get("website"))


class VoteForm(Honeypot):
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class ReportForm(Honeypot):
    text = forms.CharField(
        label=_("What is wrong with this page?"), widget=forms.Textarea(attrs={"rows": 4, "maxlength": ProblemReport.MAX_CHARS}),
        error_messages={"required": _("Please write what is wrong with the page.")})

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > ProblemReport.MAX_CHARS:
            raise forms.ValidationError(
                _("Please keep your message to %(limit)d characters. It has %(count)d."), params={"limit": ProblemReport.MAX_CHARS, "count": len(text)})
        if holds_identifier(text):
            raise forms.ValidationError(PERSONAL_DETAILS, code="identifier")
        return text


def room_for_reports():
    return ProblemReport.objects.open().count() < MAX_OPEN_REPORTS
