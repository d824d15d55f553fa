from django.shortcuts import render

from . import statement
from .figures import GRADE_LIMIT, page_figures, registered_claims


def _figures():
    return {"pages": page_figures(), "claims": registered_claims(), "grade_limit": GRADE_LIMIT}


def accessibility(request):
    return render(request, "trust/accessibility.html", {**_figures(), "statement": statement})


def editorial_policy(request):
    return render(request, "trust/editorial_policy.html", _figures())
