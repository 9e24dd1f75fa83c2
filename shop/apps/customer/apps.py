import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.cache import never_cache
from oscar.core.loading import get_class


class CustomerConfig(apps.CustomerConfig):
    name = "shop.apps.customer"

    def ready(self):
        super().ready()
        # --- Personal data: the member's own data (issue 7) ---
        self.personal_data_view = get_class("customer.personal_data", "PersonalDataView")
        # --- The member's privacy page: data, requests, settings (issue 15) ---
        self.privacy_hub_view = get_class("customer.privacy_hub", "PrivacyHubView")
        self.order_visibility_view = get_class("customer.privacy_hub", "order_visibility_update")
        self.company_defaults_clear_view = get_class("customer.privacy_hub", "company_defaults_clear")
        # --- API keys for the business buyers' API (issue 17) ---
        self.api_keys_view = get_class("customer.api_keys", "api_keys")
        self.api_key_revoke_view = get_class("customer.api_keys", "api_key_revoke_view")

    def get_urls(self):
        from legal.privacy.requests.urls import member_urlpatterns

        urls = super().get_urls()
        # --- Personal data: the member's own data (issue 7) ---
        # Personal data is never cached, by the browser or anything in between.
        urls += self.post_process_urls(
            [
                path(
                    "privacy/my-data/",
                    login_required(never_cache(self.personal_data_view.as_view())),
                    name="privacy-my-data",
                ),
                path(
                    "privacy/",
                    login_required(never_cache(self.privacy_hub_view.as_view())),
                    name="privacy-hub",
                ),
                path(
                    "privacy/orders/<str:order_number>/visibility/",
                    login_required(self.order_visibility_view),
                    name="privacy-order-visibility",
                ),
                path(
                    "privacy/company-details/clear/",
                    login_required(self.company_defaults_clear_view),
                    name="privacy-company-defaults-clear",
                ),
            ]
        )
        # API keys: the page shows a new key once, so it is never cached.
        urls += self.post_process_urls(
            [
                path("api-keys/", login_required(never_cache(self.api_keys_view)), name="api-keys"),
                path(
                    "api-keys/<int:key_id>/revoke/",
                    login_required(self.api_key_revoke_view),
                    name="api-key-revoke",
                ),
            ]
        )
        # Requests about one's personal data: /accounts/privacy/requests/… (login required in the views).
        urls += self.post_process_urls(member_urlpatterns())
        return urls
