from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """Watchlist screening (issue 20): sanctions and PEP lists loaded as versions, customers
    screened against them, hits reviewed. Above ``compliance`` in the layers: it may propose a
    freeze; nothing below imports it."""

    name = "screening"
    verbose_name = "Screening"

    def ready(self):
        from backoffice.demo import register_demo_step
        from backoffice.navigation import NavItem, register
        from customers.events import on_identity_changed
        from kyc.outcomes import Outcome, register_outcome

        from .commands import register_commands
        from .dossier import register_sections as register_dossier_sections
        from .hooks import identity_changed
        from .work_items import register_work_links

        register_commands()
        register_dossier_sections()
        register_work_links()
        register_demo_step("screening.demo.create_demo_screening", order=50)
        register_outcome(Outcome("screening/_watchlist_outcomes.html", _outcomes, order=20))
        on_identity_changed(identity_changed)
        register(
            NavItem(
                "Watchlist hits",
                "screening-hits",
                "screening.view_screening",
                "person-exclamation",
                45,
                "Customers who may be on a sanctions or PEP list, side by side with the listed subject.",
                group="Compliance",
            )
        )
        register(
            NavItem(
                "Watchlists",
                "screening-lists",
                "screening.view_screening",
                "list-columns-reverse",
                46,
                "The sanctions lists loaded, version by version, and the screening of every customer against each.",
                group="Compliance",
            )
        )


def _outcomes(user, customer):
    from .selectors import outcomes_of

    return outcomes_of(user, customer.pk)
