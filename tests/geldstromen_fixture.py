"""A three-buurt dossier (see participatie_fixture) with inhabitants, income, partners and a measure for geldstromen.

Invented figures: A has 1000 inwoners, 500 woningen, € 30.000 per inwoner; B 500 inwoners, 250 woningen; C has no
published figures at all (None), so per-inhabitant values there must be NULL with a reason.
"""
import csv

from participatie_fixture import A, B, C, buurt_rows

INWONERS = {A: 1000, B: 500, C: None}
INKOMEN = {A: 30.0, B: 20.0, C: None}   # x € 1.000 per inwoner, as CBS publishes it
PARTNERS = [
    {"partner_id": "PA-GEM", "naam": "Gemeente Test", "partnertype": "gemeente", "coalitierol": "trekker",
     "wijkcoalitie": 1, "toezegging": "regie en budget", "contact": "team Wijkaanpak"},
    {"partner_id": "PA-COR", "naam": "Corporatie Test", "partnertype": "woningcorporatie",
     "coalitierol": "deelnemer", "wijkcoalitie": 1, "toezegging": "isolatie 300 woningen",
     "contact": "afdeling Vastgoed"},
]
MEASURE = {"maatregel_id": "M-ISO", "titel": "Isolatie", "thema": "energie", "trekker": "PA-COR", "status": "gepland",
           "buurtcodes": A}


def make_geld_dossier(path):
    """A schema-3 dossier with the buurten, two partners and one measure."""
    from wijkatlas.layers.dossier.create import create_dossier
    from wijkatlas.layers.participatie import append_rows

    rows = [dict(r, inwoners=INWONERS[r["buurtcode"]], ink_inwoner=INKOMEN[r["buurtcode"]]) for r in buurt_rows()]
    create_dossier(str(path), rows, title="Testdossier")
    append_rows(str(path), {"partners": PARTNERS, "maatregelen_buurt": [MEASURE]})
    return str(path)


def write_csv(path, rows, header=("van", "naar", "thema", "gebiedscode", "bedrag", "jaar", "status", "zekerheid")):
    """A semicolon CSV as a finance department would export it."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)
