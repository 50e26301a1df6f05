from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "work"
    verbose_name = "Work"

    def ready(self):
        from backoffice.navigation import NavItem, register

        from .approval_items import subscribe

        subscribe()

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
