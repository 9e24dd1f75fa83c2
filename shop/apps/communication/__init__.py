default_app_config = "shop.apps.communication.apps.CommunicationConfig"
