"""Errors a service raises for bad input; views show them on the form, the API returns a 4xx."""


class ServiceError(Exception):
    """A request that cannot be carried out as asked. Nothing has been saved."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(ServiceError):
    status = 403

    def __init__(self, message: str = "You do not have permission to do that.", *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="forbidden")


class Conflict(ServiceError):
    status = 409
