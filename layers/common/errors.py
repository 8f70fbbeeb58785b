"""Wijkatlas exceptions: each carries a clear Dutch message for the user and optional technical details."""


class WijkatlasError(Exception):
    """A failure the user can understand and act on; str() is the Dutch message."""

    def __init__(self, message, details=""):
        super().__init__(message)
        self.details = details


class DossierError(WijkatlasError):
    """The wijkdossier cannot be created, opened or upgraded."""


class WijkatlasNetworkError(WijkatlasError):
    """A service could not be reached or gave an unusable answer."""

    def __init__(self, message, url="", status=None, details=""):
        super().__init__(message, details)
        self.url = url
        self.status = status


class WijkatlasCancelled(WijkatlasError):
    """The user cancelled the run."""

    def __init__(self, message="Afgebroken door de gebruiker; er is niets gewijzigd."):
        super().__init__(message)
