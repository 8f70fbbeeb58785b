"""Spreading an amount over parts by a weight (inhabitants, dwellings, years) so that the parts add up to the cent."""
from fractions import Fraction


def largest_remainder(total_cents, weights):
    """Integer cents per weight, proportional to the weights, summing exactly to total_cents.

    Each part gets the floor of its exact share; the cents left over go to the parts with the largest remainders
    (ties: the earlier part). A negative total is spread as its absolute value and the sign put back. Returns None
    when no weight is positive (nothing to spread by).
    """
    weights = [Fraction(str(w)) if w is not None and w > 0 else Fraction(0) for w in weights]
    whole = sum(weights)
    if not weights or whole <= 0:
        return None
    sign = -1 if total_cents < 0 else 1
    amount = abs(int(total_cents))
    # Exact shares amount*w/whole as fractions: no float error can move a cent.
    scaled = [amount * w for w in weights]
    parts = [int(s // whole) for s in scaled]
    remainders = [s - p * whole for s, p in zip(scaled, parts)]
    left = amount - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return [sign * p for p in parts]


def years_of(first, last):
    """The years of a span (first..last inclusive); one year when last is empty."""
    if last is None or last <= first:
        return [first]
    return list(range(first, last + 1))
