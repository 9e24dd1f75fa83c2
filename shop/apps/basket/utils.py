"""Basket utilities fork: the messages after tonnes are added or changed warn of the payment limit."""

from django.contrib import messages
from django.utils.html import escape
from oscar.apps.basket import utils as oscar_utils
from oscar.apps.basket.utils import *  # noqa: F403  (Oscar's fork pattern)

from .limits import payment_limit_problem


class BasketMessageGenerator(oscar_utils.BasketMessageGenerator):
    def get_messages(self, basket, offers_before, offers_after, include_buttons=True):
        # Said the moment the tonnes go in: a basket above the largest card payment cannot be paid.
        found = super().get_messages(basket, offers_before, offers_after, include_buttons)
        problem = payment_limit_problem(basket=basket)
        # (Oscar marks these messages safe HTML: escape ours.)
        return [*found, (messages.WARNING, escape(problem))] if problem else found
