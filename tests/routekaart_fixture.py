"""Generated dossiers for the routekaart tests and benchmark: measures spread over themes and quarters."""
import random
import subprocess
from html.parser import HTMLParser

from participatie_fixture import A, B, C, make_dossier
from qgis.core import QgsFeature, QgsField, QgsFields
from qgis.PyQt.QtCore import QMetaType

from wijkatlas.layers.participatie import append_rows
from wijkatlas.layers.schema import THEMAS, write_layer


def q_label(n):
    return f"{n // 4}-Q{n % 4 + 1}"


def q_num(year, quarter):
    return year * 4 + quarter - 1


def generated_measures(n, first, seed=1, span=16, status="gepland"):
    """n measures with unique one-word titles ('Maatregel0007'), random themes and periods inside `span` quarters."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        start = first + rnd.randrange(span)
        end = min(start + rnd.randrange(1, 7), first + span - 1)
        rows.append({"maatregel_id": f"M-G{i:04d}", "titel": f"Maatregel{i:04d}", "thema": rnd.choice(THEMAS),
                     "status": status, "start_kwartaal": q_label(start), "eind_kwartaal": q_label(end),
                     "buurtcodes": rnd.choice((A, B, C))})
    return rows


def generated_dossier(path, measures, besluiten=(), links=(), koppelkansen=None):
    """A three-buurt dossier holding `measures` (rows of maatregelen_buurt) and besluitmomenten.

    `koppelkansen`: pairs of measure ids written as a table 'koppelkansen' (plan_a_id, plan_b_id), as the
    koppelkansen search stores them; None leaves the table out.
    """
    make_dossier(path)
    append_rows(str(path), {"maatregelen_buurt": list(measures), "besluitmomenten": list(besluiten),
                            "besluit_maatregelen": list(links)})
    if koppelkansen is not None:
        fields = QgsFields()
        for name in ("koppelkans_id", "plan_a_id", "plan_b_id"):
            fields.append(QgsField(name, QMetaType.Type.QString))
        feats = []
        for i, (a, b) in enumerate(koppelkansen):
            feat = QgsFeature(fields)
            feat.setAttributes([f"K{i}", a, b])
            feats.append(feat)
        write_layer(str(path), "koppelkansen", fields, None, feats, False)
    return str(path)


def generated_besluiten(n, first, measure_ids, seed=2, span=16):
    rnd = random.Random(seed)
    besluiten, links = [], []
    for i in range(n):
        bid = f"B-G{i:03d}"
        besluiten.append({"besluit_id": bid, "kwartaal": q_label(first + rnd.randrange(span)),
                          "orgaan": rnd.choice(("raad", "college", "bestuur partner", "wijkcoalitie")),
                          "onderwerp": f"Besluit {i:03d}"})
        links += [{"besluit_id": bid, "maatregel_id": m} for m in rnd.sample(measure_ids, min(2, len(measure_ids)))]
    return besluiten, links


class _Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pages, self._box = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "page":
            self.pages.append([])
        elif tag == "word":
            self._box = tuple(float(attrs[k]) for k in ("xmin", "ymin", "xmax", "ymax"))

    def handle_data(self, data):
        if self._box is not None:
            self.pages[-1].append((data, *self._box))
            self._box = None


def pdf_words(pdf):
    """Per page: [(word, xmin, ymin, xmax, ymax)] in PDF points, as pdftotext -bbox reads them."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    parser = _Words()
    parser.feed(html)
    return parser.pages
