"""Offline reading: the page shown when a page is not saved on the device.

The service worker itself, /sw.js, is a file WhiteNoise serves from the site root (rootfiles.py).
"""
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def offline_page(request):
    return render(request, "offline/offline.html")
