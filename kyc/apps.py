from django.apps import AppConfig


class KycConfig(AppConfig):
    name = "kyc"
    verbose_name = "KYC"

    def ready(self):
        from .tabs import register_tabs

        register_tabs()
