"""Hand-made EPSG:28992 buurten for the knelpunt tests: a 4 x 3 grid of 100 m squares plus special cases.

Layout (column, row), row 0 at the bottom:

    G02 G12 G22 G32 | M (part 2)
    G01 G11 G21 G31 | E
    G00 G10 G20 G30 | M (part 1)
                         ... ISL far away (island)

M is one multipart buurt; E lies between its two parts. G11 has NULL figures, G21 is too small (40 inwoners).
"""
from shapely.geometry import MultiPolygon, box

X0, Y0, SIZE = 150000.0, 450000.0, 100.0

# Reference rows as the dossier's `referentie` table holds them (gemeente and land).
REFERENCES = [
    {"code": "GM9999", "naam": "Testgemeente", "niveau": "gemeente", "jaar": 2019,
     "pct_hh_laag_inkomen": 10.0, "pct_hh_sociaal_minimum": 10.0, "aardgas": 1000.0, "woz": 300.0,
     "pct_bouwjaar_voor_2000": 70.0, "pct_onbewoond": 3.0},
    {"code": "NL00", "naam": "Nederland", "niveau": "land", "jaar": 2019,
     "pct_hh_laag_inkomen": 8.0, "pct_hh_sociaal_minimum": 8.0, "aardgas": 1200.0, "woz": 250.0,
     "pct_bouwjaar_voor_2000": 80.0, "pct_onbewoond": 4.0},
]


def square(col, row):
    """The 100 m square at grid position (col, row)."""
    return box(X0 + col * SIZE, Y0 + row * SIZE, X0 + (col + 1) * SIZE, Y0 + (row + 1) * SIZE)


def _row(code, geom, laag=10.0, smin=10.0, gas=1000.0, woz=300.0, oud=70.0, leeg=3.0, inw=1000.0, won=500.0):
    return {"buurtcode": code, "buurtnaam": f"Buurt {code}", "gemeentecode": "GM9999", "geometry": geom,
            "inwoners": inw, "woningen": won, "huishoudens": None if won is None else won * 0.9,
            "pct_hh_laag_inkomen": laag, "pct_hh_sociaal_minimum": smin, "aardgas": gas, "woz": woz,
            "pct_bouwjaar_voor_2000": oud, "pct_onbewoond": leeg}


def buurten():
    """The fixture rows (dicts with a shapely geometry), in a fixed order."""
    rows = []
    for row in range(3):
        for col in range(4):
            rows.append(_row(f"G{col}{row}", MultiPolygon([square(col, row)])))
    by_code = {r["buurtcode"]: r for r in rows}
    # G00: index 130 on laag inkomen (knelpunt), gas index 120 (let op) -> energiearmoede knelpunt? no: gas let op.
    by_code["G00"].update(pct_hh_laag_inkomen=13.0, aardgas=1200.0)
    # G10: laag inkomen 11 (index 110, let op), old stock +15 pp (knelpunt) -> energiearmoede let op.
    by_code["G10"].update(pct_hh_laag_inkomen=11.0, pct_bouwjaar_voor_2000=85.0)
    # G20: sociaal minimum 14 (index 140) and gas 1150 (index 115) -> energiearmoede knelpunt.
    by_code["G20"].update(pct_hh_sociaal_minimum=14.0, aardgas=1150.0)
    # G01: WOZ 210 (index 70, knelpunt for 'lower is worse'); G02: WOZ 240 (index 80, let op).
    by_code["G01"].update(woz=210.0)
    by_code["G02"].update(woz=240.0)
    # G11: no figures at all (suppressed) -> every rule onbekend, never 'geen'.
    by_code["G11"].update(pct_hh_laag_inkomen=None, pct_hh_sociaal_minimum=None, aardgas=None, woz=None,
                          pct_bouwjaar_voor_2000=None, pct_onbewoond=None)
    # G21: too few inhabitants for stable income figures, but enough dwellings for housing figures.
    by_code["G21"].update(inwoners=40.0, pct_hh_laag_inkomen=30.0, woz=100.0)
    # G31: leegstand 8% (+5 pp, knelpunt) and gas 1400 (index 140, knelpunt) -> stapeling 2.
    by_code["G31"].update(pct_onbewoond=8.0, aardgas=1400.0)
    rows.append(_row("M", MultiPolygon([square(4, 0), square(4, 2)]), laag=13.0))
    rows.append(_row("E", MultiPolygon([square(4, 1)]), laag=13.5))
    rows.append(_row("ISL", MultiPolygon([square(20, 20)]), laag=20.0))
    return rows


# Expected queen neighbours by code, worked out from the layout above (diagonal touches count for queen only).
def expected_neighbours(kind="queen"):
    """Neighbour code sets per buurt for the fixture layout."""
    cells = {f"G{c}{r}": (c, r) for c in range(4) for r in range(3)}
    cells.update({"E": (4, 1)})
    multi = {"M": [(4, 0), (4, 2)]}
    positions = {code: [pos] for code, pos in cells.items()}
    positions.update(multi)
    result = {code: set() for code in list(positions) + ["ISL"]}
    for a, pa in positions.items():
        for b, pb in positions.items():
            if a == b:
                continue
            for (c1, r1) in pa:
                for (c2, r2) in pb:
                    dc, dr = abs(c1 - c2), abs(r1 - r2)
                    edge = dc + dr == 1
                    corner = dc == 1 and dr == 1
                    if edge or (kind == "queen" and corner):
                        result[a].add(b)
    return result
