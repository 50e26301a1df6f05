from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "work"
    verbose_name = "Work"

    def ready(self):
        from backoffice.dashboard import Panel, register_panel
        from backoffice.navigation import NavItem, register
        from backoffice.topbar import Badge, register_badge

        from .approval_items import subscribe
        from .bulk_actions import register_bulk_actions
        from .commands import register_commands
        from .delivery_items import subscribe as subscribe_deliveries
        from .tabs import register_tabs

        subscribe()
        subscribe_deliveries()
        register_commands()
        register_bulk_actions()
        register_tabs()
        register_panel(Panel("work/_dashboard.html", _dashboard_counts, order=10))
        register_badge(
            Badge(
                "my-overdue-work",
                "work-list",
                "alarm",
                "Your overdue work items",
                _my_overdue,
                query="?whose=mine&due=overdue",
            )
        )

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
    from .selectors import dashboard_counts

    rows = dashboard_counts(user)
    return {"rows": rows} if rows else {}


def _my_overdue(user) -> int:
    from .selectors import my_overdue_count

    return my_overdue_count(user)
