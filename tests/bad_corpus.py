"""The bad-input corpus under tests/data/bad/: small hand-made files, one per class of real-world trouble.

`python3 tests/bad_corpus.py` (re)writes them; they are committed. Nothing here is copied from ../shared/data.
Dossier-shaped cases (read-only, newer schema, missing layer, truncated) are made at test time from GOOD_BUURTEN,
because permissions and binary GeoPackages do not belong in git.
"""
import json
import os

BAD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bad")
X0, Y0 = 122000, 486000  # Amsterdam Oost in RD New
CODES = ("BU0363AA01", "BU0363AA02", "BU03630003", "BU03630004")
RD = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def square(i, size=200, x0=X0, y0=Y0):
    x, y = x0 + (i % 2) * size, y0 + (i // 2) * size
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def good_props(i):
    return {"buurtcode": CODES[i], "buurtnaam": f"Buurt {i + 1}", "wijkcode": "WK0363AA", "gemeentecode": "GM0363",
            "gemeentenaam": "Amsterdam", "jaar": 2023, "inwoners": 1200 + 100 * i, "woningen": 600 + 50 * i,
            "aardgas": 900 + 150 * i, "pct_hh_laag_inkomen": 8.0 + 4 * i, "woz": 300 + 20 * i}


def collection(features, crs=RD):
    doc = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = crs
    return doc


def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def layers():
    """file name -> GeoJSON document."""
    out = {"good_buurten.geojson": collection([feature(good_props(i), square(i)) for i in range(4)])}
    out["points.geojson"] = collection([feature(good_props(i), {"type": "Point", "coordinates": [X0 + i, Y0]})
                                        for i in range(4)])
    out["lines.geojson"] = collection([feature(good_props(i), {"type": "LineString", "coordinates": [
        [X0, Y0 + i], [X0 + 50, Y0 + i]]}) for i in range(4)])
    out["empty_geometry.geojson"] = collection([feature(good_props(i), square(i) if i else None) for i in range(4)])
    local = [{"code": c[-4:], "cbs_code": c, "naam": f"Buurt {i + 1}"} for i, c in enumerate(CODES)]
    out["local_codes.geojson"] = collection([feature(p, square(i)) for i, p in enumerate(local)])
    out["only_local_codes.geojson"] = collection([feature({"code": p["code"], "naam": p["naam"]}, square(i))
                                                  for i, p in enumerate(local)])
    pdok = [{"buurtcode": c, "buurtnaam": f"Buurt {i + 1}", "aantal_inwoners": -99997 if i == 0 else 1000 + i,
             "woningvoorraad": 500 + i} for i, c in enumerate(CODES)]
    out["pdok_names.geojson"] = collection([feature(p, square(i)) for i, p in enumerate(pdok)])
    out["no_indicators.geojson"] = collection([feature({"buurtcode": c, "buurtnaam": f"Buurt {i + 1}"}, square(i))
                                               for i, c in enumerate(CODES)])
    dupes = [dict(good_props(i), buurtcode=CODES[min(i, 2)]) for i in range(4)]
    out["duplicate_codes.geojson"] = collection([feature(p, square(i)) for i, p in enumerate(dupes)])
    degrees = [feature(good_props(i), square(i, 0.002, 4.93, 52.36)) for i in range(4)]
    out["wrong_crs.geojson"] = collection(degrees)  # says RD New, holds longitude/latitude
    out["empty_layer.geojson"] = collection([])
    secret = [dict(good_props(i), aardgas=-99997 if i < 2 else good_props(i)["aardgas"], woz=-99995) for i in range(4)]
    out["sentinels.geojson"] = collection([feature(p, square(i)) for i, p in enumerate(secret)])
    return out


TABLES = {
    # Own figures (Eigen cijfers koppelen), ';' as Dutch Excel writes it.
    "collision.csv": "buurtcode;buurtnaam;gemeentecode;labels_efg\nBU0363AA01;Andere naam;GM9999;31,5\n"
                     "BU0363AA02;Nog een;GM9999;12,0\n",
    "thousands.csv": "buurtcode;woningen;aandeel_efg\nBU0363AA01;1.650;12,5\nBU0363AA02;950;8,25\n"
                     "BU03630003;12.345;.\nBU03630004;2.100;-99997\n",
    "ambiguous.csv": "buurtcode,woningen\nBU0363AA01,1.650\nBU0363AA02,2.100\nBU03630003,3.250\n",
    "bad_cells.csv": "buurtcode;woz\nBU0363AA01;310\nBU0363AA02;n.b.\nBU03630003;325,5\nBU03630004;abc\n"
                     "BU03630005;340\nBU03630006;350\nBU03630007;360\nBU03630008;370\nBU03630009;380\n"
                     "BU03630010;390\n",
    "title_row.csv": "Energielabels per buurt, peildatum 1 januari 2024;;\nbuurtcode;aandeel_efg;aantal\n"
                     "BU0363AA01;31,5;120\nBU0363AA02;12,0;80\n",
    "two_row_header.csv": "buurtcode;Energielabel;;WOZ\n;aandeel EFG;aandeel AB;gemiddeld\n"
                          "BU0363AA01;31,5;20,0;310\nBU0363AA02;12,0;40,5;325\n",
    "empty_first_column.csv": ";buurtcode;aandeel_efg\n;BU0363AA01;31,5\n;BU0363AA02;12,0\n",
    "duplicate_codes.csv": "buurtcode;aandeel_efg\nBU0363AA01;31,5\nBU0363AA01;99,0\nBU0363AA02;12,0\n",
    "empty.csv": "",
    # Participatie importeren: contact details typed into the free text.
    "participatie_contact.csv": "deelnemer;thema;tekst;buurtcode\n"
                                "anna@example.nl;energie;Bel me op 06-12345678 of mail anna@example.nl;BU0363AA01\n"
                                "bert@example.nl;wonen;Meer groen graag, +31 20 123 4567;BU0363AA02\n"
                                "carla@example.nl;klimaat;Water op straat na regen;BU03630003\n",
}
CP1252 = ("cp1252.csv", "buurtcode;opmerking;aandeel_efg\nBU0363AA01;Één café, geveltuin;31,5\n"
                        "BU0363AA02;Ruïne, €-teken;12,0\n")
BINARY = {
    "corrupt.gpkg": b"SQLite format 3\x00" + bytes(range(256)) * 8,  # a header, then garbage
    "not_a_gpkg.gpkg": b"Dit is een tekstbestand met de extensie .gpkg\n",
}


def write_all():
    os.makedirs(BAD, exist_ok=True)
    for name, doc in layers().items():
        with open(os.path.join(BAD, name), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=None)
    for name, text in TABLES.items():
        with open(os.path.join(BAD, name), "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    with open(os.path.join(BAD, CP1252[0]), "wb") as fh:
        fh.write(CP1252[1].encode("cp1252"))
    for name, data in BINARY.items():
        with open(os.path.join(BAD, name), "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    write_all()
