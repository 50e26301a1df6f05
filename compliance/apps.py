from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from backoffice.demo import register_demo_step
        from backoffice.navigation import NavItem, register
        from customers.events import on_type_changed
        from kyc.events import on_review_decided

        from . import checks  # noqa: F401 (registers the deploy checks)
        from .commands import register_commands
        from .creation import register_creation_sections
        from .dossier import register_sections as register_dossier_sections
        from .services.limit_choice import release_pack_of_another_type
        from .services.outbox import emit_kyc_review
        from .tabs import register_tabs
        from .work_items import register_work_links

        register_tabs()
        register_commands()
        register_creation_sections()
        register_dossier_sections()
        register_work_links()
        on_review_decided(emit_kyc_review)
        on_type_changed(release_pack_of_another_type)
        register_demo_step("compliance.demo.create_demo_compliance", order=40)
        register(
            NavItem(
                "Restricted customers",
                "compliance-restricted",
                "compliance.view_restrictions",
                "shield-exclamation",
                40,
                "Every frozen, legally frozen, suspended or blocked customer, filtered and exported.",
                group="Compliance",
            )
        )
        register(
            NavItem(
                "Limit packs",
                "compliance-limit-packs",
                "compliance.manage_limits",
                "speedometer2",
                41,
                "The thresholds per verification level, per operation and period.",
                group="Compliance",
            )
        )
        register(
            NavItem(
                "Price lists",
                "compliance-price-lists",
                "compliance.manage_price_lists",
                "cash-coin",
                42,
                "What each price list charges per operation.",
                group="Compliance",
            )
        )
