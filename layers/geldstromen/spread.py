"""Spreading an amount over parts by a weight (inhabitants, dwellings, years) so that the parts add up to the cent."""
import math
from fractions import Fraction


def exact_weights(weights):
    """Weights as whole numbers with the same proportions (missing or non-positive ones 0), for repeated spreading.

    Inhabitants and dwellings are whole already; a decimal weight is scaled by the common denominator, so the shares
    stay exact and later spreading needs integer arithmetic only.
    """
    fractions = [Fraction(str(w)) if w is not None and w > 0 else Fraction(0) for w in weights]
    scale = 1
    for f in fractions:
        scale = scale * f.denominator // math.gcd(scale, f.denominator)
    return [int(f * scale) for f in fractions]


def largest_remainder(total_cents, weights, exact=False):
    """Integer cents per weight, proportional to the weights, summing exactly to total_cents.

    Each part gets the floor of its exact share; the cents left over go to the parts with the largest remainders
    (ties: the earlier part). A negative total is spread as its absolute value and the sign put back. Returns None
    when no weight is positive (nothing to spread by). exact=True says the weights came from exact_weights().
    """
    if len(weights) == 1 and type(weights[0]) is int and weights[0] > 0:
        return [int(total_cents)]
    if not exact:
        weights = exact_weights(weights)
    whole = sum(weights)
    if not weights or whole <= 0:
        return None
    sign = -1 if total_cents < 0 else 1
    amount = abs(int(total_cents))
    # Exact shares amount*w/whole in integers: no float error can move a cent.
    parts, remainders = [], []
    for w in weights:
        part, rest = divmod(amount * w, whole)
        parts.append(part)
        remainders.append(rest)
    left = amount - sum(parts)
    if left:
        # sorted() is stable also in reverse: among equal remainders the earlier part comes first.
        for i in sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)[:left]:
            parts[i] += 1
    return [sign * p for p in parts] if sign < 0 else parts


def years_of(first, last):
    """The years of a span (first..last inclusive); one year when last is empty."""
    if last is None or last <= first:
        return [first]
    return list(range(first, last + 1))
