"""The whole knelpunt analysis over buurten: rule flags, stapeling, clusters of flagged neighbours and Gi*."""
from ..common import WijkatlasError, cbs_number, load_catalogue
from .contiguity import DEFAULT_PRECISION, clusters, contiguity_pairs
from .flags import DEFAULT_MIN_INWONERS, DEFAULT_MIN_WONINGEN, evaluate, output_fields, size_base
from .hotspots import gi_class, gi_star
from .reference import as_records

SPATIAL_FIELDS = ("cluster_id", "gi_z", "gi_klasse")
GI_DEFAULT = "stapeling"
CATALOGUE_IDS = {ind.id for ind in load_catalogue()}


def result_fields(rules):
    """All fields the analysis adds to a buurt, in order."""
    return output_fields(rules) + list(SPATIAL_FIELDS)


def analyse(rows, geoms, rules, reference_rows=None, reference=None, min_inwoners=DEFAULT_MIN_INWONERS,
            min_woningen=DEFAULT_MIN_WONINGEN, gi_variable=GI_DEFAULT, neighbours="queen",
            precision=DEFAULT_PRECISION, feedback=None):
    """Per buurt a dict with result_fields(rules); geoms are shapely geometries in the order of rows.

    A buurt is 'flagged' for clusters when its stapeling is at least 1. Gi* runs on the stapeling count or on an
    indicator (buurten without a value, below the size floor, or with every rule 'onbekend' are left out: gi_z None).
    """
    records = as_records(rows)
    geoms = list(geoms)
    if len(geoms) != len(records):
        raise WijkatlasError("Het aantal geometrieën past niet bij het aantal buurten.")
    results = evaluate(records, rules, reference_rows, reference, min_inwoners, min_woningen, feedback=feedback)
    if feedback is not None:
        feedback.setProgressText("Buren bepalen (gedeelde grens)")
    pairs = contiguity_pairs(geoms, neighbours, precision)
    flagged = [(res["stapeling"] or 0) >= 1 for res in results]
    cluster_ids = clusters(flagged, pairs)
    if gi_variable == GI_DEFAULT:
        values = [res["stapeling"] for res in results]  # NULL where every rule is unknown: left out
    else:
        if records and gi_variable not in records[0]:
            raise WijkatlasError(f"De Gi*-variabele '{gi_variable}' is geen veld van de buurtenlaag.")
        base = size_base(gi_variable) if gi_variable in CATALOGUE_IDS else "inwoners"
        floor = min_woningen if base == "woningen" else min_inwoners
        # Small buurten are left out here too: their figures are noise, and CBS suppresses many of them anyway.
        values = [cbs_number(row.get(gi_variable)) if (cbs_number(row.get(base)) or 0) >= floor else None
                  for row in records]
    z = gi_star(values, pairs, len(records))
    for res, cid, zi in zip(results, cluster_ids, z.tolist()):
        res["cluster_id"] = cid
        res["gi_z"] = None if zi != zi else zi
        res["gi_klasse"] = gi_class(res["gi_z"])
    return results
