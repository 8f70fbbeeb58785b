"""The invented besluitmomenten and actual quarters of the sample (routekaart_voorbeeld.json), marked as invented."""
import json
import os

SAMPLE_DIR = os.path.dirname(os.path.abspath(__file__))
ROUTEKAART_JSON = os.path.join(SAMPLE_DIR, "routekaart_voorbeeld.json")
MARK = "voorbeeld, verzonnen"


def add_routekaart_sample(rows):
    """Add to the sample's rows (layer -> rows) the actual quarters of its measures and the besluitmomenten."""
    with open(ROUTEKAART_JSON, encoding="utf-8") as fh:
        doc = json.load(fh)
    for name, layer_rows in rows.items():
        if name.startswith("maatregelen_"):
            for row in layer_rows:
                row.update(doc["werkelijk"].get(row.get("maatregel_id"), {}))
    rows["besluitmomenten"] = [dict({k: v for k, v in b.items() if k != "maatregelen"}, toelichting=MARK)
                               for b in doc["besluitmomenten"]]
    rows["besluit_maatregelen"] = [{"besluit_id": b["besluit_id"], "maatregel_id": m}
                                   for b in doc["besluitmomenten"] for m in b["maatregelen"]]
    return rows
