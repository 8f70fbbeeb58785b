"""Service URLs and edition years from layers/services.json."""
import json
import os
from functools import lru_cache

SERVICES_PATH = os.path.join(os.path.dirname(__file__), "services.json")


@lru_cache(maxsize=1)
def services():
    """The parsed services.json."""
    with open(SERVICES_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def pdok_years():
    """Years of the CBS Wijk- en Buurtkaart offered by PDOK's OGC API, oldest first."""
    return list(services()["pdok_ogc"]["years"])


def pdok_wfs_years():
    """Years served through PDOK's WFS per year (before the OGC APIs), oldest first."""
    return list(services()["pdok_wfs"]["years"])


def boundary_years():
    """Every year for which boundaries are offered (OGC API or WFS), oldest first."""
    return sorted(set(pdok_years()) | set(pdok_wfs_years()))


def boundary_service(jaar):
    """'pdok_ogc' or 'pdok_wfs': the service that carries the boundaries of a year."""
    if int(jaar) in pdok_years():
        return "pdok_ogc"
    if int(jaar) in pdok_wfs_years():
        return "pdok_wfs"
    raise KeyError(f"Geen PDOK-dienst bekend voor {jaar}")


def pdok_wfs_url(jaar, template=None):
    """The WFS endpoint of one map year (before 2022)."""
    template = template or services()["pdok_wfs"]["url_template"]
    return template.replace("{jaar}", str(jaar)).rstrip("/")


def pdok_url(jaar, template=None):
    """The OGC API landing URL of one map year."""
    template = template or services()["pdok_ogc"]["url_template"]
    return template.replace("{jaar}", str(jaar)).rstrip("/")


def kerncijfers_years():
    """Years for which a 'Kerncijfers wijken en buurten' table is known, oldest first."""
    return sorted(int(y) for y in services()["cbs_odata_v3"]["kerncijfers_tables"])


def known_kerncijfers_table(jaar):
    """The table id recorded for a year (fallback when the catalogue cannot be read), or None."""
    return services()["cbs_odata_v3"]["kerncijfers_tables"].get(str(jaar))


def attribution(jaar):
    """The CC-BY attribution line for CBS/Kadaster data of a year."""
    return services()["attribution"].format(jaar=jaar)


def default_year(years):
    """Index of 2024 when offered: the newest year with energy and income published (2025 is partly empty)."""
    labels = [str(y) for y in years]
    return labels.index("2024") if "2024" in labels else len(labels) - 1
