"""Customer views fork: both registration forms ask for acceptance of the legal versions."""

from oscar.apps.customer import views as oscar_views
from oscar.apps.customer.views import *  # noqa: F403  (Oscar's fork pattern)

from .forms import CustomerRegistrationForm


class AccountRegistrationView(oscar_views.AccountRegistrationView):
    form_class = CustomerRegistrationForm


class AccountAuthView(oscar_views.AccountAuthView):
    registration_form_class = CustomerRegistrationForm
