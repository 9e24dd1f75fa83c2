default_app_config = "shop.apps.payment.apps.PaymentConfig"
