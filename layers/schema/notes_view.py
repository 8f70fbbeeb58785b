"""One list of every participation note across its geometry layers: a view the measures' note picker reads.

Notes live in one layer per geometry type (participatie_punten/_lijnen/_vlakken/_buurt). A measure links notes in
its field `participatie_ids`; a form widget can read only one layer, so the dossier holds a view that unions the
notes layers with the link key (`notitie_id`) and a readable description. In a GeoPackage the view is registered in
gpkg_contents as 'attributes' (so QGIS and OGR open it as a table); a PostGIS dossier gets the same view in its schema.
"""
import sqlite3
from datetime import datetime, timezone

from .participatie import NOTE_LAYERS

NOTES_VIEW = "participatie_notities"
NOTES_VIEW_TITLE = "Notities (alle lagen, keuzelijst)"
_KIND = {"participatie_punten": "punt", "participatie_lijnen": "lijn", "participatie_vlakken": "gebied",
         "participatie_buurt": "buurt"}


def notes_view_sql(schema=""):
    """SELECT of the view (SQLite and PostgreSQL): fid, notitie_id, buurtcode, vorm, omschrijving."""
    prefix = f"{schema}." if schema else ""
    parts = []
    for index, name in enumerate(sorted(NOTE_LAYERS)):
        parts.append(
            f"SELECT fid * {len(NOTE_LAYERS)} + {index} AS fid, notitie_id, buurtcode, '{_KIND[name]}' AS vorm, "
            "notitie_id || ' ' || coalesce(thema, 'geen thema') || ': ' || substr(coalesce(tekst, ''), 1, 60) || "
            "coalesce(' (' || buurtcode || ')', '') AS omschrijving "
            f'FROM {prefix}"{name}" WHERE notitie_id IS NOT NULL')
    return " UNION ALL ".join(parts)


def create_notes_view(gpkg):
    """(Re)create the notes view in the GeoPackage `gpkg` and register it as a table; needs every notes layer."""
    con = sqlite3.connect(gpkg)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if not set(NOTE_LAYERS) <= have:
            return False
        con.execute(f'DROP VIEW IF EXISTS "{NOTES_VIEW}"')
        con.execute(f'CREATE VIEW "{NOTES_VIEW}" AS {notes_view_sql()}')
        con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (NOTES_VIEW,))
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                    "VALUES (?, 'attributes', ?, ?, ?)",
                    (NOTES_VIEW, NOTES_VIEW_TITLE, "Alle notities uit de participatielagen (alleen lezen)", stamp))
        con.commit()
        return True
    finally:
        con.close()


def is_view(con, name):
    """True when `name` is a view in the open SQLite connection (views are not copied as tables)."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?", (name,)).fetchone() is not None
