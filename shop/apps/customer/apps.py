import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    name = "shop.apps.customer"

    def get_urls(self):
        from legal.privacy_requests.urls import member_urlpatterns

        # Requests about one's personal data: /accounts/privacy/requests/… (login required in the views).
        return super().get_urls() + self.post_process_urls(member_urlpatterns())
