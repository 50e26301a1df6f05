from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "work"
    verbose_name = "Work"

    def ready(self):
        from backoffice.dashboard import Panel, register_panel
        from backoffice.navigation import NavItem, register

        from .approval_items import subscribe
        from .commands import register_commands

        subscribe()
        register_commands()
        register_panel(Panel("work/_dashboard.html", _dashboard_counts, order=10))

        register(
            NavItem(
                "Work",
                "work-list",
                "customers.browse_customers",
                "inbox",
                5,
                "What is due, who has it, what is late: every kind of work in one place, and Take next.",
            )
        )


def _dashboard_counts(user) -> dict:
    from .selectors import counts_by_kind

    rows = counts_by_kind(user)
    return {"rows": rows} if rows else {}
