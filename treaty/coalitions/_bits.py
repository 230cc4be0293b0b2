"""Bitmask encoding of coalitions and chunked enumeration of all ``2^n`` of them.

Coalition ``S`` of countries ``0..n-1`` is the integer ``sum(1 << i for i in S)``.  A chunk is
a block of ``2^L`` consecutive masks that share their high bits, so its member matrix is a
fixed low-bit table next to constant high bits: no Python work per coalition.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from ..errors import GameTooLarge

__all__ = [
    "DEFAULT_CHUNK_BITS",
    "INTERNAL",
    "EXTERNAL",
    "PROFITABLE",
    "PIS",
    "BIG",
    "EXCLUSIVE_STABLE",
    "POTENTIALLY_STABLE",
    "member_matrix",
    "iter_chunks",
    "popcount",
    "mask_of",
    "members_of",
    "check_size",
]

#: coalitions per chunk = 2**DEFAULT_CHUNK_BITS (bounded memory: a few (2^L, n) float arrays)
DEFAULT_CHUNK_BITS = 14

#: the flag bits a stability scan keeps per coalition (``StabilityResult.flags``): internally
#: stable, externally stable, profitable, potentially internally stable (PIS), at least
#: ``min_size`` members; stable under exclusive membership (exclusive scans only) and
#: potentially stable (PIS with no PIS enlargement), both set by the membership rules
INTERNAL, EXTERNAL, PROFITABLE, PIS, BIG, EXCLUSIVE_STABLE, POTENTIALLY_STABLE = (
    1, 2, 4, 8, 16, 32, 64)


def member_matrix(masks: np.ndarray, n: int) -> np.ndarray:
    """Boolean matrix ``X[s, i] = (i in masks[s])`` of shape ``(len(masks), n)``."""
    masks = np.asarray(masks, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1).astype(bool)


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of members of each coalition (vectorised SWAR popcount on int64)."""
    x = np.asarray(masks, dtype=np.uint64).copy()
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((x * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def iter_chunks(n: int, chunk_bits: int = DEFAULT_CHUNK_BITS
                ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(masks, X)`` for consecutive blocks covering all ``2^n`` coalitions in order."""
    low = min(n, chunk_bits)
    size = 1 << low
    low_masks = np.arange(size, dtype=np.int64)
    low_table = member_matrix(low_masks, low)
    for hi in range(1 << (n - low)):
        masks = low_masks + (hi << low)
        x = np.empty((size, n), dtype=bool)
        x[:, :low] = low_table
        if n > low:
            x[:, low:] = ((hi >> np.arange(n - low)) & 1).astype(bool)[None, :]
        yield masks, x


def mask_of(members: Iterable[int]) -> int:
    """The bitmask of a set of country indices."""
    m = 0
    for i in members:
        m |= 1 << int(i)
    return m


def members_of(mask: int, n: int) -> tuple[int, ...]:
    """Country indices in coalition *mask*, ascending."""
    return tuple(i for i in range(n) if (mask >> i) & 1)


def check_size(n: int, max_players: int, what: str, option: str = "max_players",
               extra: Sequence[str] = ()) -> None:
    """Refuse, before any work, a computation over ``2^n`` coalitions when ``n > max_players``."""
    if n > max_players:
        note = "; ".join(extra)
        raise GameTooLarge(
            f"{what} enumerates 2^{n} = {2 ** n:,} coalitions, more than the limit "
            f"2^{max_players} = {2 ** max_players:,} set by {option}={max_players}"
            + (f" ({note})" if note else "")
            + f"; pass {option}={n} (command line: --max-players {n}) to allow it"
        )
