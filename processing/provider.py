"""The Wijkatlas Processing provider; it finds the algorithms in this package by itself."""
import importlib
import inspect
import os
import pkgutil

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import ICON, WijkatlasAlgorithm

_SKIP = {"base", "provider"}


def algorithm_classes():
    """Every concrete WijkatlasAlgorithm subclass defined in a module of this package, sorted by name."""
    found = {}
    for info in pkgutil.iter_modules([os.path.dirname(__file__)]):
        if info.name in _SKIP or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, WijkatlasAlgorithm) and cls.NAME and cls.__module__ == module.__name__:
                found[cls.NAME] = cls
    return [found[k] for k in sorted(found)]


class WijkatlasProvider(QgsProcessingProvider):
    """Processing provider 'wijkatlas'."""

    def id(self):
        return "wijkatlas"

    def name(self):
        return "Wijkatlas"

    def longName(self):  # noqa: N802
        return "Wijkatlas – wijkaanpak met CBS/PDOK-data"

    def icon(self):
        return QIcon(ICON)

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
