"""Small named exceptions raised by storage; handlers turn them into friendly messages."""


class StorageError(Exception):
    """Base class for storage errors."""


class NotFound(StorageError):
    """The row asked for does not exist."""


class Conflict(StorageError):
    """The write would break a uniqueness rule (e.g. an invite code already used)."""
