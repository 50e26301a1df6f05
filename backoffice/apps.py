from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = "Back office"

    def ready(self):
        from . import access_stamp, checks  # noqa: F401  (register the signal receivers and the system checks)

        access_stamp.connect_device_receivers()
        from . import staff_commands
        from .services.approvals import register_commands

        register_commands()
        staff_commands.register_commands()
        from .services import panel_settings

        panel_settings.register_commands()
        from .access import ANY_STAFF
        from .demo import register_demo_step
        from .navigation import NavItem, register

        register_demo_step("backoffice.demo.create_demo_staff_requests", order=90)

        register(NavItem("Dashboard", "dashboard", ANY_STAFF, "speedometer2", 0, "Where to start."))
        register(
            NavItem(
                "Saved views",
                "saved-views",
                ANY_STAFF,
                "bookmark",
                6,
                "Lists as you or your team saved them: their filters, sort and columns.",
            )
        )
        register(
            NavItem(
                "Approvals",
                "approval-list",
                "backoffice.view_audit_log",
                "check2-square",
                72,
                "Changes that wait for a second person: yours to decide, and the ones you asked.",
                group="Administration",
            )
        )
        register(
            NavItem(
                "Four-eyes rules",
                "command-rules",
                "backoffice.configure_four_eyes",
                "sliders",
                73,
                "Which changes need a second person, and who may approve them.",
                group="Administration",
            )
        )
        register(
            NavItem(
                "Panel settings",
                "panel-settings",
                "backoffice.configure_panel",
                "toggles",
                74,
                "Switches administrators choose for everyone: what the profile shows and offers.",
                group="Administration",
            )
        )
        register(
            NavItem(
                "Help",
                "help-index",
                ANY_STAFF,
                "question-circle",
                7,
                "A guide to each screen: what it shows, its filters, what you may do there.",
            )
        )
        register(
            NavItem(
                "Audit log",
                "audit-list",
                "backoffice.view_audit_log",
                "journal-text",
                80,
                "Every change, sign-in and export: who, when, what and why.",
                group="Administration",
            )
        )
        register(
            NavItem(
                "Staff",
                "staff-list",
                "backoffice.manage_staff",
                "people",
                90,
                "Staff accounts, roles, second factors and lockouts.",
                group="Administration",
            )
        )
