"""Generated plans for the koppelkansen tests and the benchmark: mixed geometry, multi-part lines, open ends,
identical geometries and plans of the same partner, in a square of `size` metres in RD."""
import random

from shapely.geometry import LineString, MultiLineString, Point, Polygon

X0, Y0 = 120000.0, 480000.0


def _geometry(rng, size):
    x, y = X0 + rng.uniform(0, size), Y0 + rng.uniform(0, size)
    kind = rng.random()
    if kind < 0.3:
        return Point(round(x), round(y))                 # rounded: exact distances such as 25 m occur
    if kind < 0.5:
        return LineString([(x, y), (x + rng.uniform(-300, 300), y + rng.uniform(-300, 300))])
    if kind < 0.65:
        return MultiLineString([[(x, y), (x + rng.uniform(20, 200), y)],
                                [(x, y + 60), (x, y + rng.uniform(80, 250))]])
    w, h = rng.uniform(10, 250), rng.uniform(10, 250)
    return Polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def generated_plans(n, categories, size=3000.0, seed=7, partners=8):
    """`n` plan dicts (plan_id, partner_id, categorie, start, end, geometry, titel, partner_naam)."""
    rng = random.Random(seed)
    plans = []
    for k in range(n):
        if plans and rng.random() < 0.05:
            geom = rng.choice(plans)["geometry"]         # an identical geometry
        else:
            geom = _geometry(rng, size)
        start = 2026 * 4 + rng.randrange(0, 24)
        end = None if rng.random() < 0.1 else start + rng.randrange(0, 10)
        partner = f"PA-{rng.randrange(partners)}"
        plans.append({"plan_id": f"PL-{k:05d}", "partner_id": partner, "partner_naam": partner,
                      "categorie": rng.choice(categories.names), "start": start, "end": end, "geometry": geom,
                      "titel": f"Plan {k}"})
    return plans
