"""The verhaal van de wijk: stories per wijk or buurt (title, text, source, date, optional photo with its credit).

Stories are about places and history, not about people: columns with personal data are never read, and a text that
holds an e-mail address or a phone number is refused (like participation notes, names stay out of the dossier).
"""
import hashlib
import os
from dataclasses import dataclass, field

from qgis.PyQt.QtCore import QByteArray

from ..common import DossierError, WijkatlasError
from ..data import map_columns, read_table
from ..participatie import append_rows, read_layer_records
from ..participatie.import_values import parse_date
from ..participatie.privacy import EMAIL, PHONE
from ..schema import schema_version

COLUMNS = {"titel": ("titel", "kop", "title"), "tekst": ("tekst", "verhaal", "text"),
           "niveau": ("niveau",), "gebiedscode": ("gebiedscode", "wijkcode", "buurtcode", "code", "gebied"),
           "bron": ("bron",), "datum": ("datum", "date"), "foto": ("foto", "afbeelding", "beeld"),
           "foto_credit": ("fotocredit", "foto_credit", "credit", "fotograaf", "beeldbron")}
MAX_PHOTO = 2_000_000  # bytes: the dossier stays small enough to mail


@dataclass
class StoryImportResult:
    """Rows written and a report per row that was not clean (nothing is written when a row has an error)."""

    written: int = 0
    report: list = field(default_factory=list)
    personal_columns: list = field(default_factory=list)


def private_data_problem(text):
    """A Dutch problem text when `text` holds an e-mail address or a phone number (the rule of the participation
    notes: participatie.privacy); '' otherwise."""
    if EMAIL.search(text or ""):
        return "de tekst bevat een e-mailadres (persoonsgegevens horen niet in het verhaal van de wijk)"
    if PHONE.search(text or ""):
        return "de tekst bevat een telefoonnummer (persoonsgegevens horen niet in het verhaal van de wijk)"
    return ""


def _records(path):
    headers, rows = read_table(path)
    mapping, personal, _ = map_columns(headers, COLUMNS)
    if "tekst" not in mapping or "titel" not in mapping:
        raise WijkatlasError("Kolommen 'titel' en 'tekst' zijn nodig voor het verhaal van de wijk.")
    return [(n, {k: ("" if i >= len(c) or c[i] is None else str(c[i]).strip()) for k, i in mapping.items()})
            for n, c in rows], personal


def _areas(dossier):
    wijken, buurten = set(), set()
    for attrs, _ in read_layer_records(dossier, "buurten"):
        buurten.add(str(attrs.get("buurtcode") or ""))
        wijken.add(str(attrs.get("wijkcode") or ""))
    return wijken, buurten


def story_row(number, rec, areas, folder):
    """(row for the dossier or None, [problems]) for one record."""
    problems = [p for p in (private_data_problem(rec.get("titel")), private_data_problem(rec.get("tekst"))) if p]
    if not rec.get("tekst"):
        problems.append("geen tekst")
    code = rec.get("gebiedscode", "").upper()
    niveau = "wijk" if code in areas[0] else "buurt" if code in areas[1] else None
    if niveau is None:
        problems.append(f"gebiedscode '{code}' is geen wijk of buurt van dit dossier")
    datum, issue = parse_date(rec.get("datum"))
    if issue:
        problems.append(issue)
    photo = None
    if rec.get("foto"):
        photo_path = os.path.join(folder, rec["foto"])
        if not os.path.isfile(photo_path):
            problems.append(f"foto {rec['foto']} niet gevonden")
        elif os.path.getsize(photo_path) > MAX_PHOTO:
            problems.append(f"foto {rec['foto']} is groter dan 2 MB")
        else:
            with open(photo_path, "rb") as fh:
                photo = fh.read()
        if not rec.get("foto_credit"):
            problems.append("bij een foto hoort een maker of bron (kolom foto_credit)")
    if problems:
        return None, problems
    digest = hashlib.sha1(f"{code}|{rec.get('titel')}|{rec.get('tekst')}".encode("utf-8")).hexdigest()[:10]
    return {"verhaal_id": f"V-{digest}", "niveau": niveau, "gebiedscode": code, "titel": rec.get("titel"),
            "tekst": rec.get("tekst"), "bron": rec.get("bron") or None, "datum": datum,
            "foto": QByteArray(photo) if photo else None,
            "foto_credit": rec.get("foto_credit") or None}, []


def import_wijkverhalen(path, dossier):
    """Add the stories of a CSV/XLSX file to the dossier in one write; nothing when any row has an error."""
    if schema_version(dossier) < 3:
        raise DossierError("Het dossier heeft een oudere schemaversie; werk het eerst bij met 'Wijkdossier bijwerken'.")
    records, personal = _records(path)
    areas = _areas(dossier)
    known = {str(a.get("verhaal_id")) for a, _ in read_layer_records(dossier, "wijkverhalen")}
    result, rows = StoryImportResult(personal_columns=personal), []
    for number, rec in records:
        row, problems = story_row(number, rec, areas, os.path.dirname(os.path.abspath(path)))
        if problems:
            result.report.append((number, "fout", "; ".join(problems)))
        elif row["verhaal_id"] in known:
            result.report.append((number, "overgeslagen", "al eerder ingelezen"))
        else:
            rows.append(row)
    if rows and not any(status == "fout" for _, status, _ in result.report):
        append_rows(dossier, {"wijkverhalen": rows})
        result.written = len(rows)
    return result


def read_wijkverhalen(dossier):
    """{gebiedscode: [story dicts]} of the dossier, oldest first; photos as bytes."""
    stories = {}
    for attrs, _ in read_layer_records(dossier, "wijkverhalen"):
        photo = attrs.get("foto")
        attrs["foto"] = bytes(photo) if photo else None
        stories.setdefault(str(attrs.get("gebiedscode") or ""), []).append(attrs)
    for items in stories.values():
        items.sort(key=lambda a: (str(a.get("datum") or ""), str(a.get("titel") or "")))
    return stories
