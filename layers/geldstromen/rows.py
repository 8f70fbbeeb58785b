"""The summary as rows: a long table (area × dimension × key) and one row per buurt for the map layer."""
from .summary import DIMENSIONS

TABLE_FIELDS = (("niveau", "string"), ("code", "string"), ("naam", "string"), ("dimensie", "string"),
                ("waarde", "string"), ("bedrag", "double"), ("waarvan_gespreid", "double"),
                ("per_inwoner", "double"), ("per_woning", "double"), ("inwoners", "double"), ("woningen", "double"),
                ("cijfers_jaar", "int"), ("reden_leeg", "string"))
MAP_FIELDS = (("buurtcode", "string"), ("buurtnaam", "string"), ("wijkcode", "string"), ("bedrag_eigen", "double"),
              ("bedrag_gespreid", "double"), ("bedrag_totaal", "double"), ("begroot", "double"),
              ("toegezegd", "double"), ("besteed", "double"), ("per_inwoner", "double"), ("per_woning", "double"),
              ("inkomen_bewoners", "double"), ("inkomen_jaar", "int"), ("gespreid_naar", "string"),
              ("reden_leeg", "string"))


def _euros(cents):
    return round(cents / 100.0, 2)


def table_rows(summary):
    """Dicts for the summary table: per area the total and its split by theme, partner, status and year."""
    rows = []
    for niveau, code in summary.area_list():
        naam, inwoners, woningen, _, jaar = summary.area(niveau, code)
        for dimension in DIMENSIONS:
            for key in summary.keys(niveau, code, dimension) or (["totaal"] if dimension == "totaal" else []):
                cents = summary.total(niveau, code, dimension, key)
                per_inw, why_inw = summary.per_unit(cents, niveau, code, "inwoners")
                per_won, why_won = summary.per_unit(cents, niveau, code, "woningen")
                rows.append({
                    "niveau": niveau, "code": code, "naam": naam, "dimensie": dimension, "waarde": key,
                    "bedrag": _euros(cents),
                    "waarvan_gespreid": _euros(summary.spread_part[(niveau, code)]) if dimension == "totaal" else None,
                    "per_inwoner": per_inw, "per_woning": per_won, "inwoners": inwoners, "woningen": woningen,
                    "cijfers_jaar": jaar, "reden_leeg": "; ".join(r for r in dict.fromkeys((why_inw, why_won)) if r),
                })
    return rows


def map_rows(summary):
    """One dict per buurt (buurtcode key) for the styled map layer."""
    out = {}
    label = f"gemeentebrede stromen gespreid naar {summary.spread_by}" if summary.spread_by else ""
    for code, area in summary.ctx.buurten.items():
        total = summary.total("buurt", code)
        spread = summary.spread_part[("buurt", code)]
        per_inw, why_inw = summary.per_unit(total, "buurt", code, "inwoners")
        per_won, why_won = summary.per_unit(total, "buurt", code, "woningen")
        income, year, why_inc = summary.income("buurt", code)
        out[code] = {
            "buurtcode": code, "buurtnaam": area.naam, "wijkcode": area.wijkcode,
            "bedrag_eigen": _euros(total - spread), "bedrag_gespreid": _euros(spread), "bedrag_totaal": _euros(total),
            **{s: _euros(summary.total("buurt", code, "status", s)) for s in ("begroot", "toegezegd", "besteed")},
            "per_inwoner": per_inw, "per_woning": per_won, "inkomen_bewoners": income, "inkomen_jaar": year,
            "gespreid_naar": label if spread else "",
            "reden_leeg": "; ".join(r for r in dict.fromkeys((why_inw, why_won, why_inc)) if r),
        }
    return out
