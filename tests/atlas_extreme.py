"""Deliberately extreme atlas input: the longest Dutch buurt names, every rule firing, long participation texts."""
from atlas_fixture import make_dossier, open_layers
from qgis.core import QgsFeature, QgsVectorLayer
from qgis.PyQt.QtGui import QFont, QFontMetricsF, QImage

NAMES = (
    "Bedrijventerrein Westpoort-Noordelijke Houthavens en omgeving (inclusief Minervahaven)",
    "Zeeburgereilandbedrijventerreinontwikkelingsgebied",  # one word, no place to wrap
    "Oosterparkbuurt-Noordoost",
    "IJ",
)
WIJK = "Wijk Oostelijk Havengebied, Indische Buurt, Zeeburgereiland en het Nieuwe Diep (voormalig stadsdeel Zeeburg)"
TITLE = ("Buurtatlas van de gemeente Súdwest-Fryslân: wijkaanpak Bolsward, Workum, Makkum en de omliggende dorpen "
         "2026-2030")
CREDITS = ("Gemeente Súdwest-Fryslân, team Wijkaanpak en Leefbaarheid, afdeling Onderzoek, Informatie en Statistiek, "
           "in samenwerking met woningcorporaties Elkien, Wonen Noordwest Friesland en Accolade; "
           "alle rechten voorbehouden.")
RULE_LINE = ("{label}: huishoudens met een laag inkomen 45,2% (gemeente 12,8%), 32,4 procentpunt boven de gemeente; "
             "gemiddeld aardgasverbruik per woning 2.840 m³ (gemeente 1.200 m³), 137% boven de gemeente")
RULES = ("Risico op energiearmoede", "Veel huishoudens met een laag inkomen",
         "Veel huishoudens onder of rond het sociaal minimum", "Lage gemiddelde WOZ-waarde",
         "Hoog gemiddeld aardgasverbruik per woning", "Veel onbewoonde woningen", "Let op: Oude woningvoorraad")


def extreme_dossier(path):
    """A fixture GeoPackage whose buurten have extreme names; returns (buurten, referentie)."""
    make_dossier(path, count=len(NAMES), cols=2, null_index=-1)
    buurten, ref = open_layers(path)
    buurten.startEditing()
    for feat, name in zip(buurten.getFeatures(), NAMES):
        buurten.changeAttributeValue(feat.id(), feat.fieldNameIndex("buurtnaam"), name)
        buurten.changeAttributeValue(feat.id(), feat.fieldNameIndex("wijknaam"), WIJK)
        buurten.changeAttributeValue(feat.id(), feat.fieldNameIndex("inwoners"), 150 if len(name) < 5 else 123456)
        buurten.changeAttributeValue(feat.id(), feat.fieldNameIndex("woz"), 12345.6)
    assert buurten.commitChanges()
    return buurten, ref


def extreme_knelpunten(buurten):
    """A knelpunten table in which every rule fires for every buurt, with long lines."""
    layer = QgsVectorLayer("None?field=buurtcode:string&field=stapeling:integer&field=toelichting:string(5000)",
                           "knelpunten", "memory")
    feats = []
    for buurt in buurten.getFeatures():
        feat = QgsFeature(layer.fields())
        lines = [RULE_LINE.format(label=label) for label in RULES] + ["3 regel(s) onbekend (geen cijfer)"]
        feat.setAttributes([buurt["buurtcode"], len(RULES) - 1, "\n".join(lines)])
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def extreme_participatie(buurten):
    """Long participation texts: many themes and measures with long titles."""
    lines = ["Participatie: 412 notities van 187 deelnemers (bewonersavonden, enquête en wijkschouw 2025-2026)."]
    lines += [f"• Thema {i}: verkeersveiligheid, groen, spelen, afval en overlast rond de winkelstraat ({40 - i})"
              for i in range(12)]
    text = "\n".join(lines)
    return {str(f["buurtcode"]): text for f in buurten.getFeatures()}


def wrapped_height_mm(fmt, text, width_mm, dpi=300.0):
    """Independent oracle: the height (mm) of `text` wrapped greedily at width_mm with Qt's font metrics.

    Returns None when a single word is wider than the box (wrapping cannot help it).
    """
    font = QFont(fmt.font())
    font.setPointSizeF(fmt.size())
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    metrics = QFontMetricsF(font, image)
    px_per_mm = dpi / 25.4
    width = width_mm * px_per_mm
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        lines += 1
        for word in paragraph.split(" "):
            if metrics.horizontalAdvance(word) > width + 0.5:
                return None
            candidate = f"{line} {word}" if line else word
            if metrics.horizontalAdvance(candidate) > width and line:
                lines += 1
                line = word
            else:
                line = candidate
    return (metrics.ascent() + metrics.descent() + (lines - 1) * metrics.lineSpacing()) / px_per_mm
