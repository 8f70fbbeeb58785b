"""Quarters as one integer (year * 4 + quarter - 1, so consecutive quarters differ by 1), shared by the plans'
periods and the wijkroutekaart."""


def quarter_index(year, quarter):
    """2027, 2 -> 8109."""
    return year * 4 + quarter - 1


def quarter_label(q):
    """8109 -> '2027-Q2'."""
    return f"{q // 4}-Q{q % 4 + 1}"


def quarter_of(day):
    """The quarter holding a date."""
    return quarter_index(day.year, (day.month - 1) // 3 + 1)
