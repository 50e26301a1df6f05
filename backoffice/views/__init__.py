"""Views of ``backoffice``: thin, they call forms, selectors and services."""
