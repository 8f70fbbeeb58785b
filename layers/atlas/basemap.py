"""Optional PDOK background maps (WMTS, EPSG:28992); off by default, the atlas works offline without them."""
from urllib.parse import quote

from qgis.core import QgsRasterLayer

from ..common import WijkatlasNetworkError

PDOK_WMTS = {
    "brt": ("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0", "grijs", "image/png",
            "PDOK BRT-Achtergrondkaart (grijs)"),
    "luchtfoto": ("https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0", "Actueel_orthoHR", "image/jpeg",
                  "PDOK Luchtfoto (actueel)"),
}
CREDIT = {"brt": "Achtergrond: BRT-Achtergrondkaart, © Kadaster (CC-BY 4.0)",
          "luchtfoto": "Achtergrond: Luchtfoto, © Beeldmateriaal Nederland (CC-BY 4.0)"}


def wmts_uri(kind, base_url=""):
    """The QGIS WMTS data source string for a PDOK background; base_url overrides the service URL."""
    url, layer, fmt, _ = PDOK_WMTS[kind]
    capabilities = (base_url or url) + "?request=GetCapabilities&service=WMTS"
    return (f"contextualWMSLegend=0&crs=EPSG:28992&dpiMode=7&format={fmt}&layers={layer}&styles=default"
            f"&tileMatrixSet=EPSG:28992&url={quote(capabilities, safe=':/')}")


def basemap_layer(kind, base_url=""):
    """A WMTS raster layer for 'brt' or 'luchtfoto'; raises WijkatlasNetworkError when the service is unusable."""
    url, _, _, name = PDOK_WMTS[kind]
    layer = QgsRasterLayer(wmts_uri(kind, base_url), name, "wms")
    if not layer.isValid():
        raise WijkatlasNetworkError(
            f"De achtergrondkaart ({name}) is niet bereikbaar; maak de atlas zonder achtergrond of probeer later "
            "opnieuw.", url=base_url or url, details=layer.error().summary())
    return layer
