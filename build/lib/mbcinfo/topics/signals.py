"""What `topics` tells the rest of the site.

`content_changed` is sent after the transaction that changed published content has committed,
with `slugs` (the topics whose content or visibility changed) and `generation` (the new content
generation number). Listeners such as the search index must never be told about a change that
was then rolled back, which is why it is sent from `transaction.on_commit`.
"""
from django.dispatch import Signal

content_changed = Signal()
