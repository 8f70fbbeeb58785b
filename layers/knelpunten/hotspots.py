"""Getis-Ord Gi* hot-spot z-scores on binary contiguity weights (numpy only; exploratory)."""
import math

import numpy as np

# Shown with every hot-spot output: the statistic is exploratory and easy to over-read.
GI_CAVEAT = (
    "Gi* is verkennend: de z-score zegt of hoge (of lage) waarden ruimtelijk samenklonteren, niet of een buurt een "
    "knelpunt is. Let op: (1) kleine en geheimgehouden buurten doen niet mee en kunnen gaten in het patroon geven; "
    "(2) de uitkomst hangt af van de buurtindeling (modifiable areal unit problem); (3) buurten aan de "
    "gemeentegrens en eilanden hebben weinig of geen buren, hun z-score rust op weinig waarnemingen; (4) bij veel "
    "buurten zijn enkele 'significante' z-scores toeval (meervoudig toetsen); gebruik de klassen als signaal.")
CLASSES = ((2.576, "hotspot (99%)"), (1.960, "hotspot (95%)"), (1.645, "hotspot (90%)"))


def gi_star(values, pairs, n=None):
    """Gi* z-score per unit (binary weights, self included), or NaN where the value is missing.

    Units with a missing value are left out entirely (as if absent from the map), so their neighbours are
    computed over the remaining units; this equals PySAL's esda.G_Local(star=True, transform='B') on that subset.
    """
    y = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    n = len(y) if n is None else n
    i, j = (np.asarray(p, dtype=np.int64) for p in pairs)
    known = ~np.isnan(y)
    keep = known[i] & known[j]
    i, j = i[keep], j[keep]
    z = np.full(n, np.nan)
    count = int(known.sum())
    if count < 3:
        return z
    yk = np.where(known, y, 0.0)
    mean = yk[known].mean()
    sd = math.sqrt(max((yk[known] ** 2).mean() - mean ** 2, 0.0))
    if sd == 0.0:
        return z
    lag = yk + np.bincount(i, weights=yk[j], minlength=n)
    card = 1.0 + np.bincount(i, minlength=n)
    spread = sd * np.sqrt(card * (count - card) / (count - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(known & (spread > 0), (lag - card * mean) / spread, np.nan)
    return z


def gi_class(z):
    """A Dutch class for a z-score: 'hotspot (95%)', 'coldspot (99%)', 'niet significant' or None."""
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return None
    for limit, label in CLASSES:
        if z >= limit:
            return label
        if z <= -limit:
            return label.replace("hotspot", "coldspot")
    return "niet significant"
