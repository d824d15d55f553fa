from .site import site_facts


def site(request):
    return {"site": site_facts()}
