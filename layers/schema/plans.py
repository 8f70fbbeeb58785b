"""Schema of partners' plans and the koppelkansen between them (schema version 3).

A plan is a point, a line or an area; a GeoPackage layer holds one geometry type, so each gets its own layer
(plannen_punten/_lijnen/_vlakken) sharing one field list. A plan placed only by buurtcode takes the buurt's outline
(field `plek` says so). Quarters are text 'YYYY-Qn'; an open-ended plan has no end quarter and open_einde = 1.
Koppelkansen are drawn where the two plans meet (points and lines widened a little so that they show as areas); their
id comes from the pair of plan ids, so status and reason survive a rerun of the search.
"""
from .definitions import DATE, DOUBLE, INT, STRING, FieldDef, LayerDef

PLAN_LAYERS = {"plannen_punten": "MultiPoint", "plannen_lijnen": "MultiLineString",
               "plannen_vlakken": "MultiPolygon"}
KOPPELKANSEN_LAYER = "koppelkansen"
PROFILES_TABLE = "plan_importprofielen"
ZEKERHEDEN = ("idee", "voorgenomen", "besloten", "in uitvoering")
KANS_STATUSSEN = ("nieuw", "besproken", "opgepakt", "afgewezen")


def _f(name, ftype, alias):
    return FieldDef(name, ftype, alias)


def plan_fields():
    """Fields shared by the three plan layers."""
    return (
        _f("plan_id", STRING, "Id"),
        _f("bron_id", STRING, "Id bij de partner"),
        _f("titel", STRING, "Plan"),
        _f("partner_id", STRING, "Partner"),
        _f("categorie", STRING, "Categorie"),
        _f("bron_categorie", STRING, "Categorie bij de partner"),
        _f("omschrijving", STRING, "Omschrijving"),
        _f("start_kwartaal", STRING, "Start (jaar-kwartaal)"),
        _f("eind_kwartaal", STRING, "Eind (jaar-kwartaal; leeg = open einde)"),
        _f("open_einde", INT, "Open einde"),
        _f("zekerheid", STRING, "Zekerheid (idee, voorgenomen, besloten, in uitvoering)"),
        _f("bron", STRING, "Bron van de informatie"),
        _f("bron_datum", DATE, "Datum van de informatie"),
        _f("buurtcodes", STRING, "Buurtcodes"),
        _f("plek", STRING, "Plek bepaald via"),
    )


def koppelkans_fields():
    """Fields of the koppelkansen layer."""
    return (
        _f("kans_id", STRING, "Id (uit het paar plannen)"),
        _f("plan_a", STRING, "Plan A"),
        _f("plan_b", STRING, "Plan B"),
        _f("titel_a", STRING, "Titel plan A"),
        _f("titel_b", STRING, "Titel plan B"),
        _f("partner_a", STRING, "Partner A"),
        _f("partner_b", STRING, "Partner B"),
        _f("categorie_a", STRING, "Categorie A"),
        _f("categorie_b", STRING, "Categorie B"),
        _f("afstand", DOUBLE, "Afstand (m)"),
        _f("band", STRING, "Raakt of nabij"),
        _f("kwartalen_gedeeld", STRING, "Gedeelde kwartalen"),
        _f("kwartalen_tussen", INT, "Kwartalen ertussen"),
        _f("soort", STRING, "Soort (koppelkans, conflict, breekverbod)"),
        _f("sterkte", INT, "Sterkte (1-3)"),
        _f("beinvloedbaar", INT, "Nog te beïnvloeden"),
        _f("buurtcodes", STRING, "Buurtcodes"),
        _f("groep", STRING, "Groep (samenhangende plannen)"),
        _f("uitleg", STRING, "Uitleg"),
        _f("status", STRING, "Status"),
        _f("reden", STRING, "Reden"),
        _f("stand", STRING, "Stand (actueel, verdwenen)"),
        _f("eerst_gevonden", STRING, "Eerst gevonden"),
        _f("laatst_gevonden", STRING, "Laatst gevonden"),
    )


def profile_fields():
    """Fields of the table with each partner's saved import mapping."""
    return (_f("partner_id", STRING, "Partner"), _f("kolommen", STRING, "Kolommen (JSON)"),
            _f("categorieen", STRING, "Categorieën (JSON)"), _f("bijgewerkt", STRING, "Bijgewerkt"))


def plans_layer_defs():
    """The layers schema version 3 added for plans: areas first so that points are drawn on top."""
    titles = {"plannen_vlakken": "Plannen (gebieden)", "plannen_lijnen": "Plannen (lijnen)",
              "plannen_punten": "Plannen (punten)"}
    defs = [LayerDef(name, titles[name], PLAN_LAYERS[name], plan_fields(), since=3) for name in titles]
    defs.append(LayerDef(KOPPELKANSEN_LAYER, "Koppelkansen", "MultiPolygon", koppelkans_fields(), since=3))
    defs.append(LayerDef(PROFILES_TABLE, "Importprofielen plannen", None, profile_fields(), since=3))
    return tuple(defs)
