"""Chi-square goodness-of-fit: statistic and p-value (scipy when present, else a pure-Python survival function)."""
import math

_EPS = 1e-15
_MAX_ITER = 1000


def _upper_gamma_q(a, x):
    """Regularised upper incomplete gamma Q(a, x): series below a+1, continued fraction above (Lentz)."""
    if x <= 0:
        return 1.0
    log_prefix = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(log_prefix) * h


def chi2_sf_pure(statistic, df):
    """P(X >= statistic) for X ~ chi-square(df), in pure Python."""
    if df <= 0:
        raise ValueError("df moet positief zijn")
    return _upper_gamma_q(df / 2.0, statistic / 2.0)


def chi2_sf(statistic, df):
    """P(X >= statistic) for X ~ chi-square(df); scipy when installed, else the pure-Python version."""
    try:
        from scipy.stats import chi2  # lazy: optional dependency, a pure-Python fallback below
    except ImportError:
        return chi2_sf_pure(statistic, df)
    return float(chi2.sf(statistic, df))


def goodness_of_fit(observed, expected_shares):
    """(statistic, df, p, smallest expected count) for observed counts against population shares.

    Groups with a population share of 0 are left out when nobody in them took part; returns None when a group with
    share 0 has participants (the test is then undefined) or fewer than two groups remain.
    """
    n = sum(observed)
    pairs = []
    for obs, share in zip(observed, expected_shares):
        if share <= 0:
            if obs > 0:
                return None
            continue
        pairs.append((obs, n * share))
    if len(pairs) < 2 or n == 0:
        return None
    statistic = sum((obs - exp) ** 2 / exp for obs, exp in pairs)
    df = len(pairs) - 1
    return statistic, df, chi2_sf(statistic, df), min(exp for _, exp in pairs)
