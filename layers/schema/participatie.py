"""Schema of participation notes, measures and partners (schema version 2): fields and the value lists of the forms.

Notes and measures can be a point, a line or an area, or only a buurt. A GeoPackage layer holds one geometry type, so
each kind of geometry gets its own layer sharing one field list (participatie_punten/_lijnen/_vlakken), plus a
geometryless table for notes placed only by buurtcode (participatie_buurt). A measure without an outline keeps its
buurtcodes in the field `buurtcodes` of the geometryless table maatregelen_buurt. Ids are text (`P-…`, `M-…`,
`PA-…`) so that links and relations work across the layers of one kind.
"""
import re

from .definitions import DATE, DOUBLE, INT, STRING, FieldDef, LayerDef

THEMAS = ("wonen", "circulariteit", "energie", "klimaat", "mobiliteit", "gezondheid", "werken", "leefbaarheid")
METHODES = ("gesprek", "enquête", "wijkschouw", "bijeenkomst", "online", "spreekuur", "anders")
SOORTEN_NOTITIE = ("zorg", "kans", "idee", "vraag")
# What was done with a note (schema 3): the atlas reports it per buurt.
OPVOLGINGEN = ("nog niet bekeken", "beantwoord", "meegenomen in een maatregel", "doorgegeven aan een partner",
               "niet overgenomen")
SOORTEN_MAATREGEL = ("fysiek", "sociaal", "proces", "onderzoek", "communicatie")
STATUSSEN = ("idee", "gepland", "besloten", "in uitvoering", "gereed", "vervallen")
DEKKING = ("gemeente", "corporatie (MJOP)", "netbeheerder", "waterschap", "subsidie", "partners samen", "anders")
BESLUITORGANEN = ("college", "raad", "bestuur partner", "wijkcoalitie")
DOMEINEN = ("gemeente", "woningcorporatie", "netbeheerder", "waterschap", "zorg en welzijn", "bedrijf",
            "bewonersorganisatie", "onderwijs", "anders")
PARTNERTYPES = ("gemeente", "woningcorporatie", "netbeheerder", "warmtebedrijf", "waterschap", "zorg en welzijn",
                "onderwijs", "bewonersorganisatie", "ondernemers", "overig")
COALITIEROLLEN = ("trekker", "deelnemer", "adviseur", "geïnformeerd")

# Participant groups: value -> (dimension, catalogue basis). Tenure: corporatie and overige huur together make huur.
LEEFTIJDSGROEPEN = {"0-15": "inw_0_15", "15-25": "inw_15_25", "25-45": "inw_25_45", "45-65": "inw_45_65",
                    "65+": "inw_65plus"}
HUISHOUDENS = {"eenpersoons": "hh_eenpersoons", "zonder kinderen": "hh_zonder_kinderen",
               "met kinderen": "hh_met_kinderen"}
WOONSITUATIES = ("koop", "huur corporatie", "huur overig")

QUARTER_RE = re.compile(r"^(19|20)\d\d-Q[1-4]$")
QUARTER_REGEX_EXPR = r"^(19|20)[0-9][0-9]-Q[1-4]$"
QUARTER_YEARS = range(2020, 2041)


def quarters():
    """Every quarter the picker offers: 'YYYY-Qn' from 2020 to 2040."""
    return tuple(f"{y}-Q{q}" for y in QUARTER_YEARS for q in range(1, 5))


def _f(name, ftype, alias):
    return FieldDef(name, ftype, alias)


def notitie_fields():
    """Fields shared by every participation layer."""
    return (
        _f("notitie_id", STRING, "Id"),
        _f("buurtcode", STRING, "Buurtcode"),
        _f("datum", DATE, "Datum"),
        _f("methode", STRING, "Methode"),
        _f("thema", STRING, "Thema"),
        _f("soort", STRING, "Soort (zorg, kans, idee, vraag)"),
        _f("tekst", STRING, "Notitie (geen namen of adressen)"),
        _f("deelnemer_id", STRING, "Deelnemer (pseudoniem, optioneel)"),
        _f("leeftijdsgroep", STRING, "Leeftijdsgroep deelnemer"),
        _f("huishouden", STRING, "Huishouden deelnemer"),
        _f("woonsituatie", STRING, "Woonsituatie deelnemer"),
        _f("bron", STRING, "Bron (bijeenkomst, bestand)"),
        _f("opvolging", STRING, "Wat is ermee gedaan"),
    )


def maatregel_fields():
    """Fields shared by every measure layer (domain.md §5.4)."""
    return (
        _f("maatregel_id", STRING, "Id"),
        _f("titel", STRING, "Maatregel"),
        _f("omschrijving", STRING, "Omschrijving"),
        _f("thema", STRING, "Thema"),
        _f("soort", STRING, "Soort maatregel"),
        _f("doel", STRING, "Doel"),
        _f("indicator", STRING, "Indicator (uit de atlas)"),
        _f("trekker", STRING, "Trekker (partner)"),
        _f("status", STRING, "Status"),
        _f("start_kwartaal", STRING, "Start (jaar-kwartaal)"),
        _f("eind_kwartaal", STRING, "Eind (jaar-kwartaal)"),
        _f("werkelijk_start", STRING, "Werkelijke start (jaar-kwartaal)"),
        _f("werkelijk_eind", STRING, "Werkelijk eind (jaar-kwartaal)"),
        _f("budget", DOUBLE, "Budget (€)"),
        _f("dekking", STRING, "Dekking"),
        _f("besluitmoment", STRING, "Besluitmoment (jaar-kwartaal)"),
        _f("besluitorgaan", STRING, "Besluit door"),
        _f("knelpunten", STRING, "Knelpunten (indicator-ids)"),
        _f("participatie_ids", STRING, "Notities (ids)"),
        _f("koppelkansen", STRING, "Koppelkansen (ids)"),
        _f("monitoring", STRING, "Monitoring"),
        _f("buurtcodes", STRING, "Buurtcodes (zonder tekening)"),
    )


def partner_fields():
    """Fields of the partner register (step 2)."""
    return (
        _f("partner_id", STRING, "Id"),
        _f("naam", STRING, "Organisatie"),
        _f("domein", STRING, "Domein"),
        _f("rol", STRING, "Rol in de wijkaanpak"),
        _f("wijkcoalitie", INT, "Lid van de wijkcoalitie"),
        _f("partnertype", STRING, "Soort partner"),
        _f("coalitierol", STRING, "Rol in de wijkcoalitie"),
        _f("toezegging", STRING, "Waartoe de partner zich verbindt"),
        _f("contact", STRING, "Contact (functie of team, geen naam)"),
    )


def maatregel_partner_fields():
    """Fields of the link table between measures and their other partners."""
    return (_f("maatregel_id", STRING, "Maatregel"), _f("partner_id", STRING, "Partner"),
            _f("rol", STRING, "Rol bij deze maatregel"))


NOTE_LAYERS = {"participatie_punten": "MultiPoint", "participatie_lijnen": "MultiLineString",
               "participatie_vlakken": "MultiPolygon", "participatie_buurt": None}
MEASURE_LAYERS = {"maatregelen_punten": "MultiPoint", "maatregelen_lijnen": "MultiLineString",
                  "maatregelen_vlakken": "MultiPolygon", "maatregelen_buurt": None}
_TITLES = {"punten": "punten", "lijnen": "lijnen", "vlakken": "gebieden", "buurt": "alleen buurt"}


def participatie_layer_defs():
    """The layers schema version 2 added; areas first so that points are drawn on top."""
    defs = []
    for group, title, fields in (("maatregelen", "Maatregelen", maatregel_fields()),
                                 ("participatie", "Participatie", notitie_fields())):
        layers = MEASURE_LAYERS if group == "maatregelen" else NOTE_LAYERS
        for name in sorted(layers, key=lambda n: ("vlakken", "lijnen", "punten", "buurt").index(n.split("_")[1])):
            defs.append(LayerDef(name, f"{title} ({_TITLES[name.split('_')[1]]})", layers[name], fields, since=2))
    defs.append(LayerDef("partners", "Partners", None, partner_fields(), since=2))
    defs.append(LayerDef("maatregel_partners", "Partners per maatregel", None, maatregel_partner_fields(), since=2))
    return tuple(defs)
