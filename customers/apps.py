from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = "Customers"

    def ready(self):
        from backoffice import board
        from backoffice.demo import register_demo_step
        from backoffice.navigation import NavItem, register

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .bulk_actions import register_bulk_actions
        from .commands import register_commands
        from .dossier.commands import register_dossier_command
        from .dossier.sections import register_sections as register_dossier_sections
        from .panel_switches import register_switches
        from .selectors.board import board_profiles
        from .tabs import register_tabs

        register(
            NavItem(
                "Customers",
                "customer-list",
                "customers.browse_customers",
                "people-fill",
                10,
                "All customers, persons, companies and onboarding; find anyone from the search bar.",
                group="Customers",
            )
        )
        register(
            NavItem(
                "Accounts",
                "account-list",
                "customers.browse_customers",
                "bank",
                20,
                "Every customer's accounts and wallets: by status, currency, type, balance, number or IBAN.",
                group="Customers",
            )
        )
        register(
            NavItem(
                "Cards",
                "card-list",
                "customers.browse_customers",
                "credit-card",
                21,
                "Every card: by status, type, last four digits, expiry.",
                group="Customers",
            )
        )
        register(
            NavItem(
                "Transactions",
                "transaction-list",
                "customers.browse_customers",
                "arrow-left-right",
                22,
                "Every account's transactions: by period, amount, currency, operation, status, counterparty IBAN.",
                group="Customers",
            )
        )
        register(
            NavItem(
                "Exports",
                "exports",
                "customers.export_statements",
                "file-earmark-arrow-down",
                60,
                "Statements you requested (compliance officers and administrators: everyone's), ready to download.",
                group="Customers",
            )
        )
        register(
            NavItem(
                "Dictionaries",
                "customer-dictionaries",
                "customers.manage_customer_dictionaries",
                "book",
                70,
                "Person and company types, price lists, tags, access roles and groups.",
                group="Administration",
            )
        )
        register_tabs()
        register_switches()
        register_commands()
        register_bulk_actions()
        register_dossier_command()
        register_dossier_sections()
        board.register_describer(board_profiles)
        register_demo_step("customers.demo.create_demo_customers", order=10)
        register_demo_step("customers.demo_holdings.create_demo_holdings", order=20)
