"""CBS StatLine OData v3 client for 'Kerncijfers wijken en buurten': table per year, keys, figures per gemeente."""
from dataclasses import dataclass, field
from urllib.parse import quote

from ..common import (
    WijkatlasCancelled,
    WijkatlasError,
    WijkatlasNetworkError,
    cbs_code,
    cbs_number,
    known_kerncijfers_table,
    load_catalogue,
    services,
)
from .odata_keys import MISSING, NOT_IN_EDITION, key_stem, resolve_edition, title_key  # noqa: F401 (re-export)
from .odata_paging import AdaptivePager


def odata_query(params):
    """A query string with OData's $-keys kept literal and values percent-encoded."""
    safe = "(),'"
    return "&".join(f"{k}={quote(str(v), safe=safe)}" for k, v in params.items())


def resolve_keys(properties, indicators, jaar=None):
    """{indicator id: DataProperties Key} matched on stem or title (see odata_keys), plus the ids not found."""
    resolved = resolve_edition(properties, indicators, jaar)
    keys = {ind_id: r.key for ind_id, r in resolved.items() if r.usable}
    missing = [ind.id for ind in indicators if ind.id not in keys]
    return keys, missing


class CbsOData:
    """One OData v3 service (https://opendata.cbs.nl/ODataApi/odata or a mirror), through an HttpClient."""

    def __init__(self, http, api_url=None, catalog_url=None, feedback=None):
        conf = services()["cbs_odata_v3"]
        self.http = http
        self.api_url = (api_url or conf["api_url"]).rstrip("/")
        self.catalog_url = (catalog_url or conf["catalog_url"]).rstrip("/")
        self.title = conf["kerncijfers_title"]
        self.max_rows = int(conf["max_rows"])
        self.page = None  # rows per request; None = max_rows, lowered when CBS refuses a page
        self.min_page = int(conf.get("min_page", 250))
        self.feedback = feedback

    def info(self, text):
        if self.feedback is not None:
            self.feedback.pushInfo(text)

    def resolve_table(self, jaar):
        """The table id of 'Kerncijfers wijken en buurten <jaar>': the CBS catalogue first, the known id as fallback."""
        url = (f"{self.catalog_url}/Tables?"
               + odata_query({"$format": "json", "$filter": f"substringof('{self.title}',Title)"}))
        try:
            tables = self.http.get_json(url).get("value") or []
            wanted = f"{self.title} {jaar}".lower()
            for table in tables:
                if str(table.get("Title", "")).strip().lower() == wanted and table.get("Identifier"):
                    self.info(f"CBS-catalogus: '{table['Title']}' is tabel {table['Identifier']}.")
                    return table["Identifier"]
            self.info(f"De CBS-catalogus noemt geen tabel '{self.title} {jaar}'.")
        except WijkatlasCancelled:
            raise
        except WijkatlasNetworkError as err:
            self.info(f"CBS-catalogus niet bruikbaar ({err}); bekende tabel wordt gebruikt.")
        known = known_kerncijfers_table(jaar)
        if not known:
            raise WijkatlasError(f"Geen CBS-tabel 'Kerncijfers wijken en buurten' gevonden voor {jaar}.")
        self.info(f"Bekende tabel voor {jaar}: {known}.")
        return known

    def data_properties(self, table):
        """The DataProperties of a table (Key, Title, Type, Datatype, Unit …)."""
        doc = self.http.get_json(f"{self.api_url}/{table}/DataProperties?$format=json")
        value = doc.get("value") if isinstance(doc, dict) else None
        if not isinstance(value, list) or not value:
            raise WijkatlasNetworkError(f"CBS gaf geen DataProperties voor tabel {table}.", self.api_url, 200)
        return value

    def typed_rows(self, table, gemeenten, keys):
        """TypedDataSet rows of the gemeenten's buurten, the gemeenten themselves and NL, paged adaptively."""
        clauses = [f"startswith(WijkenEnBuurten,'BU{g[2:6]}')" for g in gemeenten]
        clauses += [f"WijkenEnBuurten eq '{g.ljust(10)}'" for g in gemeenten]
        clauses.append(f"WijkenEnBuurten eq '{'NL00'.ljust(10)}'")
        select = ",".join(["WijkenEnBuurten"] + sorted(set(keys)))

        def url_for(flt, top, skip):
            params = {"$format": "json", "$filter": flt, "$select": select, "$top": top}
            if skip:
                params["$skip"] = skip
            return f"{self.api_url}/{table}/TypedDataSet?" + odata_query(params)

        pager = AdaptivePager(self.http.get_json, url_for, self.page or self.max_rows, self.min_page, info=self.info,
                              table=table)
        rows = pager.fetch(clauses)
        self.page = pager.page  # keep what the service accepted for the next batch
        return rows

    def batches(self, gemeenten):
        """Gemeenten grouped per request: at most 25 and about 80 % of the row limit (gemeente -> buurt count)."""
        counts = gemeenten if isinstance(gemeenten, dict) else dict.fromkeys(gemeenten, 500)
        batch, rows = [], 0
        for code in sorted(counts):
            need = int(counts[code] * 1.2) + 2
            if batch and (len(batch) >= 25 or rows + need > 0.8 * self.max_rows):
                yield batch
                batch, rows = [], 0
            batch.append(code)
            rows += need
        if batch:
            yield batch

    def figures(self, jaar, gemeenten, indicators, table=None):
        """{code: {indicator id: value or None}} for the gemeenten's buurten (+ gemeente and NL rows).

        gemeenten: GM-codes, or {GM-code: number of buurten} so that requests can be grouped."""
        table = table or self.resolve_table(jaar)
        properties = self.data_properties(table)
        resolved = resolve_edition(properties, indicators, jaar)
        keys = {ind_id: r.key for ind_id, r in resolved.items() if r.usable}
        missing = [ind.id for ind in indicators if ind.id not in keys]
        name_key = next((p["Key"] for p in properties if key_stem(p.get("Key")) == "Gemeentenaam"), None)
        for ind in indicators:
            r = resolved.get(ind.id)
            if r is None or r.status == NOT_IN_EDITION:
                self.info(ind.edition_note(jaar) or f"{ind.label}: niet in tabel {table}.")
            elif r.status == MISSING:
                self.info(f"{ind.label}: niet gevonden in tabel {table} (verwacht in editie {jaar}); het veld "
                          "blijft leeg.")
            elif r.via != "sleutel":
                self.info(f"{ind.label}: in {table} als {r.key} ('{r.title}', via {r.via}).")
        if not keys:
            raise WijkatlasError(f"Geen van de gekozen indicatoren komt voor in CBS-tabel {table}.")
        out, names, done = {}, {}, 0
        select = list(keys.values()) + ([name_key] if name_key else [])
        for batch in self.batches(gemeenten):
            rows = self.typed_rows(table, batch, select)
            self.info(f"{', '.join(batch[:3])}{' …' if len(batch) > 3 else ''}: {len(rows)} rijen uit {table}.")
            for row in rows:
                code = cbs_code(row.get("WijkenEnBuurten"))
                out[code] = {ind_id: cbs_number(row.get(key)) for ind_id, key in keys.items()}
                if name_key and not code.startswith("BU"):
                    names[code] = cbs_code(row.get(name_key))
            done += len(batch)
            if self.feedback is not None:
                self.feedback.setProgress(10 + 60 * done / len(gemeenten))
        return CbsFigures(table, keys, missing, out, names, resolved)


@dataclass
class CbsFigures:
    """What one kerncijfers fetch delivered: table id, resolved keys, missing ids, values and GM/NL names."""

    table: str
    keys: dict
    missing: list
    values: dict
    names: dict
    resolutions: dict = field(default_factory=dict)

    def empty_indicators(self, prefix="BU"):
        """Resolved indicator ids without a single value on any row whose code starts with prefix (a first release)."""
        rows = [v for c, v in self.values.items() if c.startswith(prefix)]
        return [i for i in self.keys if rows and all(r.get(i) is None for r in rows)]

    def reference_rows(self, jaar, indicator_ids):
        """Rows for the dossier's referentie table: NL and each gemeente, as CBS publishes them."""
        rows = []
        for code in sorted(c for c in self.values if c.startswith(("GM", "NL"))):
            niveau = "land" if code.startswith("NL") else "gemeente"
            naam = "Nederland" if niveau == "land" else (self.names.get(code) or None)
            rows.append([code, naam, niveau, int(jaar)] + [self.values[code].get(i) for i in indicator_ids])
        return rows


def odata_indicators(theme_ids=(), indicator_ids=()):
    """Catalogue indicators with an OData v3 alias, chosen by theme and/or id, in catalogue order."""
    themes, ids = set(theme_ids), set(indicator_ids)
    return [ind for ind in load_catalogue()
            if ind.source_fields("odata_v3") and (ind.theme in themes or ind.id in ids)]
