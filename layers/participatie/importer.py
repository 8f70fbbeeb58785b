"""Importing participation results: validate, place (geometry, coordinates, address, buurtcode), write all at once."""
import hashlib
import os
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsPointXY,
)

from ..common import WijkatlasCancelled
from ..schema import CRS, NOTE_LAYERS
from .attach import LINE, POINT, BuurtIndex
from .import_values import normalise, parse_date, parse_number
from .privacy import Pseudonyms, scrub_contact_details
from .read import records
from .store import append_rows, check_dossier, existing_ids

RD_BOUNDS = (0.0, 300000.0, 289000.0, 629000.0)
LATLON_BOUNDS = (50.6, 53.7, 3.2, 7.3)
OPTIONAL = ("methode", "soort", "leeftijdsgroep", "huishouden", "woonsituatie")


@dataclass
class ImportResult:
    """What an import did: rows written per layer and a report line per row that was not clean."""

    written: dict = field(default_factory=dict)
    report: list = field(default_factory=list)   # (row number, status, reason)
    personal_columns: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    geocoded: int = 0
    scrubbed: dict = field(default_factory=lambda: {"e-mail": 0, "telefoon": 0})
    keyed: bool = False

    @property
    def rejected(self):
        """Row numbers that were not imported because of an error."""
        return [r for r in self.report if r[1] == "niet ingelezen"]


def note_id(source_name, number, text):
    """A stable id for an imported row, so that importing the same file twice adds nothing."""
    digest = hashlib.sha1(f"{source_name}|{number}|{text}".encode("utf-8")).hexdigest()
    return f"P-{digest[:10]}"


class Placer:
    """Turns a record's location columns into an RD geometry or a buurtcode."""

    def __init__(self, index, geocoder=None, transform_context=None):
        self.index = index
        self.geocoder = geocoder
        ctx = transform_context or QgsCoordinateTransformContext()
        self.to_rd = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                            QgsCoordinateReferenceSystem(CRS), ctx)

    def place(self, rec):
        """(geometry or None, buurtcode or None, how, problem); problem set means the row cannot be placed."""
        if rec.get("wkt"):
            geom = QgsGeometry.fromWkt(rec["wkt"])
            if geom.isNull() or geom.isEmpty():
                return None, None, "", f"geometrie '{rec['wkt'][:40]}' is geen geldige WKT"
            return self._in_dossier(geom, "geometrie")
        x, y = parse_number(rec.get("x")), parse_number(rec.get("y"))
        if x is not None or y is not None:
            if x is None or y is None or not (RD_BOUNDS[0] <= x <= RD_BOUNDS[1] and RD_BOUNDS[2] <= y <= RD_BOUNDS[3]):
                return None, None, "", f"RD-coördinaten ({rec.get('x')}, {rec.get('y')}) liggen niet in Nederland"
            return self._in_dossier(QgsGeometry.fromPointXY(QgsPointXY(x, y)), "coördinaten (RD)")
        lat, lon = parse_number(rec.get("lat")), parse_number(rec.get("lon"))
        if lat is not None or lon is not None:
            return self._latlon(lat, lon, rec)
        if rec.get("postcode") or rec.get("adres"):
            return self._geocode(rec)
        code = (rec.get("buurtcode") or "").strip().upper()
        if code:
            if code in self.index.buurten:
                return None, code, "buurtcode", ""
            return None, None, "", f"buurtcode {code} hoort niet bij dit dossier"
        return None, None, "", "geen plek: geen coördinaten, adres, postcode of buurtcode"

    def _latlon(self, lat, lon, rec):
        if lat is None or lon is None:
            return None, None, "", f"onvolledige lat/lon ({rec.get('lat')}, {rec.get('lon')})"
        if not (LATLON_BOUNDS[0] <= lat <= LATLON_BOUNDS[1] and LATLON_BOUNDS[2] <= lon <= LATLON_BOUNDS[3]):
            return None, None, "", f"lat/lon ({lat}, {lon}) ligt niet in Nederland (verwisseld?)"
        point = self.to_rd.transform(QgsPointXY(lon, lat))
        return self._in_dossier(QgsGeometry.fromPointXY(point), "coördinaten (lat/lon)")

    def _geocode(self, rec):
        if self.geocoder is None:
            return None, None, "", "adres opgegeven maar geocoderen staat uit"
        if rec.get("postcode"):
            hit = self.geocoder.postcode(rec["postcode"], rec.get("huisnummer"), rec.get("toevoeging", ""))
            label = f"postcode {rec['postcode']} {rec.get('huisnummer', '')}".strip()
        else:
            hit = self.geocoder.address(rec["adres"], rec.get("woonplaats", ""))
            label = f"adres '{rec['adres']}'"
        if hit is None:
            return None, None, "", f"{label} niet gevonden in de PDOK Locatieserver"
        (x, y), _ = hit
        return self._in_dossier(QgsGeometry.fromPointXY(QgsPointXY(x, y)), "adres (PDOK Locatieserver)")

    def _in_dossier(self, geom, how):
        if geom.type() == POINT:
            code, _ = self.index.point_buurt(geom)
        else:
            shares = self.index.shares(geom)
            code = sorted(shares, key=lambda cs: (-cs[1], cs[0]))[0][0] if shares else None
        if code is None:
            return None, None, "", "ligt buiten de buurten van het dossier"
        return geom, code, how, ""


def _layer_for(geom):
    if geom is None:
        return "participatie_buurt"
    return {POINT: "participatie_punten", LINE: "participatie_lijnen"}.get(geom.type(), "participatie_vlakken")


def build_rows(recs, placer, source_name, address_as_point=False, feedback=None, pseudonym=None, scrubbed=None):
    """(rows per layer, report, number geocoded) for the records of one file.

    pseudonym: a Pseudonyms (random per import when None); scrubbed: a dict counting removed e-mails and phones.
    """
    pseudonym = pseudonym or Pseudonyms()
    scrubbed = {"e-mail": 0, "telefoon": 0} if scrubbed is None else scrubbed
    rows = {name: [] for name in NOTE_LAYERS}
    report, geocoded = [], 0
    step = 100.0 / len(recs) if recs else 0
    for i, (number, rec) in enumerate(recs):
        if feedback is not None:
            if feedback.isCanceled():
                raise WijkatlasCancelled()
            feedback.setProgress(i * step)
        problems, warnings = [], []
        text, emails, phones = scrub_contact_details((rec.get("tekst") or "").strip())
        if emails or phones:
            scrubbed["e-mail"] += emails
            scrubbed["telefoon"] += phones
            warnings.append("contactgegevens in de tekst vervangen door een markering")
        if not rec.get("_columns_ok", True):
            problems.append("de rij heeft minder kolommen dan de kop")
        if not text:
            problems.append("lege notitie (kolom tekst)")
        thema, issue = normalise("thema", rec.get("thema"))
        if not thema:
            problems.append(issue or "geen thema")
        values = {"thema": thema}
        for name in OPTIONAL:
            values[name], issue = normalise(name, rec.get(name))
            if issue:
                warnings.append(issue + "; leeg gelaten")
        values["datum"], issue = parse_date(rec.get("datum"))
        if issue:
            warnings.append(issue + "; leeg gelaten")
        geom, code, how, issue = placer.place(rec) if not problems else (None, None, "", "")
        if issue:
            problems.append(issue)
        if problems:
            report.append((number, "niet ingelezen", "; ".join(problems)))
            continue
        if how.startswith("adres"):
            geocoded += 1
            if not address_as_point:
                geom = None  # privacy: an address only places the note in its buurt
        row = dict(values, notitie_id=note_id(source_name, number, text), buurtcode=code, tekst=text,
                   deelnemer_id=pseudonym(rec.get("deelnemer_id")), bron=rec.get("bron") or f"import {source_name}",
                   geometry=geom)
        rows[_layer_for(geom)].append((number, row))
        if warnings:
            report.append((number, "ingelezen met waarschuwing", "; ".join(warnings)))
    return rows, report, geocoded


def import_participatie(path, dossier, geocoder=None, address_as_point=False, strict=False, sheet="",
                        transform_context=None, feedback=None, pseudonym_key=""):
    """Read `path` (CSV/XLSX) and add its notes to `dossier` in one step; returns an ImportResult.

    Rows with errors are reported and not written; with strict=True any error means nothing is written.
    Rows imported before (same file name, row number and text) are skipped and reported.
    pseudonym_key: the user's key for stable pseudonyms (never stored); empty = random pseudonyms per import.
    """
    check_dossier(dossier)
    pseudonym = Pseudonyms(pseudonym_key)
    recs, personal, ignored = records(path, sheet)
    placer = Placer(BuurtIndex(dossier), geocoder, transform_context)
    source_name = os.path.basename(path)
    scrubbed = {"e-mail": 0, "telefoon": 0}
    rows, report, geocoded = build_rows(recs, placer, source_name, address_as_point, feedback, pseudonym, scrubbed)
    known = existing_ids(dossier, NOTE_LAYERS)
    to_write = {}
    for name, numbered in rows.items():
        fresh = [(n, r) for n, r in numbered if r["notitie_id"] not in known]
        report += [(n, "overgeslagen", "al eerder ingelezen") for n, r in numbered if r["notitie_id"] in known]
        to_write[name] = [r for _, r in fresh]
    result = ImportResult(report=sorted(report), personal_columns=personal, ignored_columns=ignored,
                          geocoded=geocoded, scrubbed=scrubbed, keyed=pseudonym.keyed)
    if (strict and result.rejected) or not any(to_write.values()):
        return result
    result.written = append_rows(dossier, to_write, feedback)
    return result
