"""Reading a CBS StatLine CSV export of 'Kerncijfers wijken en buurten' into rows keyed by catalogue ids."""
import csv

from ..common import cbs_code, cbs_number, load_catalogue

CODE_COLUMNS = ("Regioaanduiding.Codering..code.", "Codering_3", "WijkenEnBuurten")
NAME_COLUMNS = ("Wijken.en.buurten", "Regioaanduiding.Wijken.en.buurten..naam.")
KIND_COLUMNS = ("Regioaanduiding.Soort.regio..omschrijving.", "SoortRegio_2")
LEVELS = {"land": "land", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


def _first(header, candidates):
    for name in candidates:
        if name in header:
            return name
    return None


def read_statline_csv(path, year):
    """Rows {code, naam, niveau, jaar, <indicator id>: float|None} and the indicator ids that had a column."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        code_col, name_col, kind_col = (_first(header, c) for c in (CODE_COLUMNS, NAME_COLUMNS, KIND_COLUMNS))
        if code_col is None:
            raise ValueError(f"Geen codekolom gevonden in {path}")
        columns = {}
        for ind in load_catalogue():
            col = _first(header, ind.source_fields("statline_csv"))
            if col:
                columns[ind.id] = col
        rows = []
        for rec in reader:
            row = {"code": cbs_code(rec[code_col]),
                   "naam": (rec.get(name_col) or "").strip() if name_col else "",
                   "niveau": LEVELS.get((rec.get(kind_col) or "").strip().lower(), "") if kind_col else "",
                   "jaar": year}
            for ind_id, col in columns.items():
                row[ind_id] = cbs_number(rec.get(col))
            rows.append(row)
    return rows, sorted(columns)
