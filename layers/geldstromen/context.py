"""What the geldstromen need from a wijkdossier: buurten and wijken with CBS figures, partners, measures, flows."""
from dataclasses import dataclass, field

from ..common import cbs_number
from ..participatie import read_layer_records
from ..schema import MEASURE_LAYERS, read_meta
from .amounts import cents_of


@dataclass
class Area:
    """A buurt or wijk with the CBS figures the summary divides by (None when CBS published none)."""

    code: str
    naam: str
    niveau: str
    wijkcode: str = ""
    inwoners: float = None
    woningen: float = None
    ink_inwoner: float = None   # x € 1.000, CBS
    jaar: int = None


@dataclass
class Flow:
    """One geldstroom as read from the dossier; bedrag in whole cents."""

    geldstroom_id: str
    van: str
    naar: str
    thema: str
    gebied_niveau: str
    gebiedscode: str
    cents: int
    jaar: int
    jaar_tot: int = None
    status: str = None
    zekerheid: str = None
    instrument: str = None
    maatregel_id: str = None
    bron: str = None


@dataclass
class DossierContext:
    """Areas, partners and measures of one dossier, read once."""

    buurten: dict = field(default_factory=dict)      # buurtcode -> Area
    wijken: dict = field(default_factory=dict)       # wijkcode -> Area
    gemeentecode: str = ""
    gemeentenaam: str = ""
    partners: dict = field(default_factory=dict)     # partner_id -> attributes
    measures: dict = field(default_factory=dict)     # maatregel_id -> attributes
    jaar_cijfers: int = None

    def partner_name(self, value):
        """The organisation's name for a partner id; the value itself otherwise (Rijk, a purpose, …)."""
        partner = self.partners.get(value)
        return str(partner.get("naam") or value) if partner else str(value or "")

    def partner_by_name(self, text):
        """partner_id for an id or a name (case-insensitive); None when unknown."""
        key = str(text or "").strip()
        if key in self.partners:
            return key
        lowered = key.lower()
        return next((pid for pid, p in self.partners.items() if str(p.get("naam") or "").lower() == lowered), None)

    def buurten_of(self, wijkcode):
        """The buurtcodes of a wijk, sorted."""
        return sorted(code for code, area in self.buurten.items() if area.wijkcode == wijkcode)


def _wijk_from_buurten(wijk, buurten):
    """A wijk without its own CBS row: counts summed over its buurten, income weighted by inhabitants.

    Only when every buurt has the figure; otherwise it stays None (a partial sum would understate the wijk).
    """
    def total(name):
        values = [getattr(b, name) for b in buurten]
        return None if not values or any(v is None for v in values) else sum(values)

    wijk.inwoners, wijk.woningen = total("inwoners"), total("woningen")
    if wijk.inwoners and all(b.ink_inwoner is not None for b in buurten):
        wijk.ink_inwoner = sum(b.inwoners * b.ink_inwoner for b in buurten) / wijk.inwoners
    wijk.jaar = next((b.jaar for b in buurten if b.jaar), None)


def read_context(dossier):
    """A DossierContext of `dossier` (buurten, referentie wijk rows, partners, measures)."""
    ctx = DossierContext()
    for attrs, _ in read_layer_records(dossier, "buurten"):
        code = str(attrs.get("buurtcode") or "")
        ctx.buurten[code] = Area(code, str(attrs.get("buurtnaam") or code), "buurt", str(attrs.get("wijkcode") or ""),
                                 cbs_number(attrs.get("inwoners")), cbs_number(attrs.get("woningen")),
                                 cbs_number(attrs.get("ink_inwoner")), attrs.get("jaar"))
        wijkcode = str(attrs.get("wijkcode") or "")
        if wijkcode and wijkcode not in ctx.wijken:
            ctx.wijken[wijkcode] = Area(wijkcode, str(attrs.get("wijknaam") or wijkcode), "wijk", wijkcode)
        ctx.gemeentecode = ctx.gemeentecode or str(attrs.get("gemeentecode") or "")
        ctx.gemeentenaam = ctx.gemeentenaam or str(attrs.get("gemeentenaam") or "")
        ctx.jaar_cijfers = ctx.jaar_cijfers or attrs.get("jaar")
    for attrs, _ in read_layer_records(dossier, "referentie"):
        wijk = ctx.wijken.get(str(attrs.get("code") or ""))
        if wijk is not None and str(attrs.get("niveau") or "") == "wijk":
            wijk.inwoners, wijk.woningen = cbs_number(attrs.get("inwoners")), cbs_number(attrs.get("woningen"))
            wijk.ink_inwoner, wijk.jaar = cbs_number(attrs.get("ink_inwoner")), attrs.get("jaar")
    for wijk in ctx.wijken.values():
        if wijk.inwoners is None and wijk.woningen is None:
            _wijk_from_buurten(wijk, [ctx.buurten[c] for c in ctx.buurten_of(wijk.code)])
    ctx.partners = {str(a["partner_id"]): a for a, _ in read_layer_records(dossier, "partners") if a.get("partner_id")}
    for name in MEASURE_LAYERS:
        for attrs, _ in read_layer_records(dossier, name):
            if attrs.get("maatregel_id"):
                ctx.measures[str(attrs["maatregel_id"])] = attrs
    ctx.gemeentenaam = ctx.gemeentenaam or read_meta(dossier).get("gemeente", "")
    return ctx


def read_flows(dossier):
    """Every geldstroom in the dossier as a Flow (amounts in cents)."""
    flows = []
    for attrs, _ in read_layer_records(dossier, "geldstromen"):
        flows.append(Flow(str(attrs.get("geldstroom_id") or ""), str(attrs.get("van") or ""),
                          str(attrs.get("naar") or ""), str(attrs.get("thema") or ""),
                          str(attrs.get("gebied_niveau") or "gemeente"), str(attrs.get("gebiedscode") or ""),
                          cents_of(attrs.get("bedrag")) or 0, attrs.get("jaar"), attrs.get("jaar_tot"),
                          attrs.get("status"), attrs.get("zekerheid"), attrs.get("instrument"),
                          attrs.get("maatregel_id"), attrs.get("bron")))
    return flows
