"""Signals other apps listen to, so that organisations never imports them (DESIGN.md §2)."""

from django.dispatch import Signal

# Sent inside the acceptance transaction with invitation=, user= and membership=: a listener
# that fails rolls the acceptance back, so nobody joins half-way.
invitation_accepted = Signal()
