from django.apps import AppConfig


class KycConfig(AppConfig):
    name = "kyc"
    verbose_name = "KYC"

    def ready(self):
        from backoffice.demo import register_demo_step
        from backoffice.navigation import NavItem, register

        from . import checks  # noqa: F401 (registers the deploy checks)
        from .commands import register_commands
        from .dossier import register_sections as register_dossier_sections
        from .events import on_review_decided, on_review_requested
        from .liveness.services import ask_for_documents
        from .navigation import register_navigation
        from .outcomes import register_identity_outcomes
        from .services.vigilance import open_refund_on_refusal
        from .tabs import register_tabs
        from .work_items import register_work_links

        register_tabs()
        register_identity_outcomes()
        register_dossier_sections()
        register_commands()
        register_work_links()
        register_navigation()
        on_review_requested(ask_for_documents)
        on_review_decided(open_refund_on_refusal)
        register_demo_step("kyc.demo.create_demo_kyc", order=30)
        register(
            NavItem(
                "KYC form",
                "kyc-forms",
                "kyc.manage_kyc_requirements",
                "card-checklist",
                75,
                "The documents each kind of customer provides before a KYC review, per country.",
                group="KYC",
            )
        )
