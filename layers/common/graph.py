"""Connected components of a graph given as edge arrays: the union-find the knelpunten clusters and the
koppelkansen groups share."""
import numpy as np


def component_roots(n, i, j):
    """For each of `n` units the smallest unit of its connected component, given edges i[k]–j[k]."""
    parent = np.arange(n)

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(np.asarray(i).tolist(), np.asarray(j).tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(k) for k in range(n)], dtype=int)
