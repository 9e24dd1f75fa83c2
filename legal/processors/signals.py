"""Announcements of the processor registry to the rest of the shop."""

from django.dispatch import Signal

# Sent after a processor change commits: work the registry held back (outside
# this app too, e.g. certificates) can be tried again.
processor_registry_changed = Signal()
