from django.urls import reverse
from markdownx.widgets import AdminMarkdownxWidget, minified


class PreviewWidget(AdminMarkdownxWidget):
    """markdownx's editor, posting to our views and previewing in a frame styled like the site.

    markdownx finds its endpoints in data attributes it fills from its own settings; they are set
    here from our URL names instead, so there is one source for those addresses.
    """

    template_name = "editing/widgets/markdownx.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-markdownx-urls-path": reverse("markdownx_markdownify"),
            "data-markdownx-upload-urls-path": reverse("markdownx_upload"),
        })
        context["widget"]["preview_url"] = reverse("editing_preview")
        return context

    class Media:
        # Not markdownx's admin CSS: it styles its own preview box, which the frame replaces.
        extend = False
        css = {"all": ["editing/editing.css"]}
        js = [f"markdownx/js/markdownx{minified}.js", "editing/preview.js"]
