"""Errors a service raises when a change is not allowed; views show them as messages."""


class DomainError(Exception):
    """A rule refused the change. The message is written for the staff member who asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEditError(DomainError):
    """Someone else saved the record after the form was opened."""

    def __init__(self, what: str = "this record"):
        super().__init__(
            f"Someone else saved {what} after you opened the form. "
            "Reload the page to see their changes, then make yours again."
        )
