"""Wijkatlas QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Return the plugin instance for QGIS."""
    from .plugin import WijkatlasPlugin

    return WijkatlasPlugin(iface)
