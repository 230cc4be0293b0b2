"""Coalitions up to interchangeable countries: one exact decision per orbit.

Countries of one *type* (:meth:`PayoffModel.types`) are interchangeable: swapping two of them
maps the game to itself.  Two coalitions with the same number of members of every type are
then images of each other under a permutation of the countries that preserves the payoffs
(a product of such swaps), so they meet the same stability conditions, and members (and
outsiders) of one type get equal payoffs.  The *signature* of S, its count of members per
type, identifies its orbit under these permutations; it is encoded as one integer in mixed
radix (type t contributes ``count_t * prod_{u < t} (size_u + 1)``), which is at most
``2^n - 1``, so one matrix product of the member matrix with per-country place values gives
the key of every coalition of a block.

The exact scan re-decides near-ties and certifies stable coalitions once per orbit (a
representative coalition), and broadcasts the result to the orbit's other coalitions.  This
is the standard reduction of a symmetric game's coalitions to their profiles of types (e.g.
the "k-member coalition" of a symmetric membership game, Barrett 1994).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import GameError, SolverError
from ._bits import member_matrix

__all__ = ["Orbits"]

#: coalitions per block when keys are computed from masks
_BLOCK = 1 << 14


class Orbits:
    """Signatures of coalitions for countries of the given types.

    Parameters
    ----------
    types : sequence of int
        A label per country; equal labels mark interchangeable countries.

    Examples
    --------
    Two types, {0, 1} and {2}: ``{0}`` and ``{1}`` are one orbit, ``{2}`` another.

    >>> o = Orbits([0, 0, 1])
    >>> [o.key_of(m) for m in (0b001, 0b010, 0b100, 0b011)]
    [1, 1, 3, 2]
    """

    def __init__(self, types: Sequence[Any] | np.ndarray) -> None:
        raw = np.asarray(types).reshape(-1)
        self.n = len(raw)
        _, labels = np.unique(raw, return_inverse=True)
        self.types = labels.astype(np.int64).reshape(-1)
        sizes = np.bincount(self.types, minlength=int(self.types.max(initial=-1)) + 1)
        self.sizes = sizes
        # place value of each type (Python ints: any n), then of each country's membership
        place = [1]
        for size in sizes.tolist()[:-1]:
            place.append(place[-1] * (size + 1))
        self._wlist: list[int] = [place[t] for t in self.types.tolist()]
        #: the place values as int64 (keys below 2^n; arrays of keys need n <= 62)
        self.weights = (np.asarray(self._wlist, dtype=np.int64) if self.n <= 62
                        else np.zeros(self.n, dtype=np.int64))
        # float products are exact below 2^53; keys are below 2^n
        self._float = self.n <= 52
        self._wf = self.weights.astype(np.float64)
        self._tlist: list[int] = self.types.tolist()

    @property
    def n_types(self) -> int:
        return len(self.sizes)

    @property
    def trivial(self) -> bool:
        """True when every country is its own type (orbits are single coalitions)."""
        return self.n_types == self.n

    def keys(self, x: np.ndarray) -> np.ndarray:
        """The orbit key of every row of the boolean member matrix *x* (int64; at most 62
        countries, a bound the ``2^n`` scans never reach)."""
        if self.n > 62:
            raise GameError(f"orbit keys of arrays need at most 62 countries, got {self.n}")
        if self._float:
            return np.rint(x.astype(np.float64) @ self._wf).astype(np.int64)
        return x.astype(np.int64) @ self.weights

    def keys_of_masks(self, masks: np.ndarray) -> np.ndarray:
        """:meth:`keys` of coalitions given as bitmasks."""
        masks = np.asarray(masks, dtype=np.int64)
        out = np.empty(len(masks), dtype=np.int64)
        for start in range(0, len(masks), _BLOCK):
            part = masks[start:start + _BLOCK]
            out[start:start + len(part)] = self.keys(member_matrix(part, self.n))
        return out

    def key_of(self, mask: int) -> int:
        """The orbit key of one coalition given as a bitmask."""
        return self.key_of_inside([bool((mask >> i) & 1) for i in range(self.n)])

    def key_of_inside(self, inside: Sequence[bool]) -> int:
        """The orbit key of one coalition given as a membership list."""
        return sum(w for w, s in zip(self._wlist, inside) if s)

    def group(self, masks: np.ndarray, keys: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """``(representatives, inverse)``: one mask per orbit among *masks* (the first one met)
        and, for each mask, the index of its orbit's representative."""
        masks = np.asarray(masks, dtype=np.int64)
        if keys is None:
            keys = self.keys_of_masks(masks)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return masks[first], inverse.reshape(-1)

    def columns(self, x: np.ndarray) -> np.ndarray:
        """``C[r, t, s]``: a country of type t on side s (1: member) of row r of the member
        matrix *x*, or -1 when row r has none (intp, shape ``(m, T, 2)``)."""
        out = np.full((x.shape[0], self.n_types, 2), -1, dtype=np.intp)
        rows = np.arange(x.shape[0])
        side = x.astype(np.intp)
        for i, t in enumerate(self._tlist):
            out[rows, t, side[:, i]] = i
        return out

    def spread_rows(self, reps_x: np.ndarray, values: np.ndarray, x: np.ndarray,
                    inverse: np.ndarray) -> np.ndarray:
        """Values of many coalitions from those of their orbits' representatives.

        *values* ``(R, n)`` (any dtype) holds a value per country of each representative
        (member matrix *reps_x*); row k of *x* is in the orbit of representative
        ``inverse[k]``, and each of its countries gets the value of a country of the same
        type and side in that representative: ``out[k, i] = values[r, C[r, t_i, x[k, i]]]``
        with ``r = inverse[k]`` and C from :meth:`columns`.  Vectorised (``O(m n)``).

        Raises
        ------
        SolverError
            When two countries of one type on one side of a representative have different
            values: the model's types are wrong (a bug).
        """
        cols = self.columns(reps_x)
        own = cols[:, self.types, :][np.arange(len(values))[:, None], np.arange(self.n)[None, :],
                                     reps_x.astype(np.intp)]
        same = np.asarray(values == np.take_along_axis(values, own, axis=1), dtype=bool)
        if not same.all():
            r, i = (int(v[0]) for v in np.nonzero(~same))
            raise SolverError(
                f"countries {self.members_of_type(int(self.types[i]))} are declared "
                f"interchangeable but get different values in the coalition "
                f"{np.flatnonzero(reps_x[r]).tolist()}; please report this bug")
        inverse = np.asarray(inverse, dtype=np.intp)
        col = cols[inverse[:, None], self.types[None, :], x.astype(np.intp)]
        return values[inverse[:, None], col]

    def class_values(self, mask: int, values: Sequence[Any]) -> dict[tuple[int, bool], Any]:
        """:meth:`class_values_inside` of a coalition given as a bitmask."""
        return self.class_values_inside([bool((mask >> i) & 1) for i in range(self.n)], values)

    def class_values_inside(self, inside: Sequence[bool], values: Sequence[Any]
                            ) -> dict[tuple[int, bool], Any]:
        """Map ``(type, member?)`` to the common value of *values* over those countries.

        Raises
        ------
        SolverError
            When two countries of one type on one side of the coalition have different
            values: the model's types are wrong (a bug).
        """
        table: dict[tuple[int, bool], Any] = {}
        for i, (t, s) in enumerate(zip(self._tlist, inside)):
            cls = (t, bool(s))
            if cls not in table:
                table[cls] = values[i]
            elif table[cls] != values[i]:
                raise SolverError(
                    f"countries {self.members_of_type(t)} are declared interchangeable but get "
                    f"different values ({table[cls]!r} and {values[i]!r}) in the coalition "
                    f"{[j for j in range(self.n) if inside[j]]}; please report this bug")
        return table

    def members_of_type(self, t: int) -> list[int]:
        return np.flatnonzero(self.types == t).tolist()

    def spread(self, mask: int, table: dict[tuple[int, bool], Any]) -> tuple[Any, ...]:
        """:meth:`spread_inside` of a coalition given as a bitmask."""
        return self.spread_inside([bool((mask >> i) & 1) for i in range(self.n)], table)

    def spread_inside(self, inside: Sequence[bool], table: dict[tuple[int, bool], Any]
                      ) -> tuple[Any, ...]:
        """The value of every country of a coalition from the :meth:`class_values_inside`
        table of another coalition of the same orbit."""
        return tuple(table[(t, bool(s))] for t, s in zip(self._tlist, inside))
