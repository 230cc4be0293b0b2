"""Size limits of spec content, checked before any work starts.

One place for every bound a spec (or a hostile file posing as one) is held to.  Each limit is
named in the error it triggers, with the estimate of what the input asked for.  Readers import
these constants; nothing else defines a limit on spec content.
"""

from __future__ import annotations

__all__ = [
    "MAX_SPEC_BYTES",
    "MAX_NODES",
    "MAX_DEPTH",
    "MAX_MAPPING_KEYS",
    "MAX_SCALAR_CHARS",
    "MAX_NUMBER_DIGITS",
    "MAX_PLAYERS",
    "MAX_STRATEGIES",
    "MAX_PROFILES",
    "MAX_COUNTRIES",
    "MAX_PARAMETERS",
    "MAX_EXPRESSION_CHARS",
    "MAX_EXPRESSION_DEPTH",
    "MAX_POWER_BITS",
    "MAX_SWEEP_POINTS",
    "MAX_SWEEP_COALITIONS",
    "MAX_NEGOTIATION_TERMS",
    "MAX_TREE_NODES",
    "MAX_SPE",
    "MAX_SEQUENCES",
    "MAX_PUNISHMENT_ROUNDS",
]

#: a spec file larger than this is refused before it is parsed (by its size on disk).  A 2-player
#: 300x300 game in array form is 1.3 MB; libyaml scans 4 MB in about 0.15 s, and what a document
#: may hold is bounded by MAX_NODES and MAX_SCALAR_CHARS, so the time to read one is bounded too.
MAX_SPEC_BYTES = 4 * 1024 * 1024
#: nodes of the document (mappings, lists, keys and scalars) with aliases expanded.  An alias is not
#: copied (it reuses its anchor's node) but counts as the size of what it stands for, so an alias
#: bomb exceeds the limit at the alias that crosses it, and no reader walks more nodes than a
#: literal file at the limit has.  A 2-player 300x300 game in array form has 181,000 nodes (read
#: in 0.5 s); reading costs 2-6 us a node (libyaml events, located nodes, exact numbers), so any
#: document is read or refused within about a second (1.4 s for 250,000 distinct decimals, the
#: slowest we found, on a shared 2-core machine).
MAX_NODES = 250_000
#: nesting depth of mappings and lists
MAX_DEPTH = 64
#: keys of one mapping.  No mapping of a spec holds more names than this (players, parameters and
#: countries have lower limits of their own); it lets the reader refuse a mapping of 10^5
#: parameters after reading 10,000 of them (then it only counts the rest, for the message)
#: instead of building every node first.
MAX_MAPPING_KEYS = 10_000
#: characters in one scalar (a name, a number, an expression)
MAX_SCALAR_CHARS = 10_000
#: digits in one number written in a spec (integer part and fraction; also a/b), and the largest
#: exponent it may have (1e999999999 would make Fraction compute 10**999999999).  Both are checked
#: on the text, before any integer is built; a number must also lie within the float range.
MAX_NUMBER_DIGITS = 1_000
#: players of a normal-form game
MAX_PLAYERS = 64
#: strategies of one player
MAX_STRATEGIES = 10_000
#: pure profiles of a normal-form game
MAX_PROFILES = 2_000_000
#: countries of a membership game (the stability scan has its own, lower, option)
MAX_COUNTRIES = 64
#: declared parameters
MAX_PARAMETERS = 1_000
#: characters in one expression
MAX_EXPRESSION_CHARS = 2_000
#: depth of an expression's syntax tree
MAX_EXPRESSION_DEPTH = 50
#: bits an exact value in an expression may have (the larger of numerator and denominator).  A
#: power is refused before it is computed when |exponent| * log2(base) exceeds it (10**10**10 at
#: once); every other exact operation is checked after it, so no operand ever exceeds it and each
#: operation takes microseconds.  10,000 bits are about 3,000 decimal digits: below Python's limit
#: of 4,300 digits for turning an int into text, so every exact value can still be printed.  (The
#: value of an expression must moreover lie within the float range; only intermediates may not.)
MAX_POWER_BITS = 10_000
#: points a sweep may visit (treaty.sweep): a grid or sample beyond it is refused before any work,
#: with the count.  The work runs in chunks, but the rows are kept: 10**7 rows of two parameters
#: and two flags take about 180 MB (a 1,000,000-point sweep of the safety pact takes about 2 s).
MAX_SWEEP_POINTS = 10_000_000
#: coalitions the stability scans of a membership sweep may visit in all (points x 2^countries,
#: treaty.sweep's pacts, size, potential and clause classifiers): 2^28 is about 270 million, some
#: 7 minutes at the 1.5 s a 20-country scan takes (100 points of 20 countries pass, 1,000 do not)
MAX_SWEEP_COALITIONS = 1 << 28
#: negotiable terms of a ``negotiation`` section.  The zone of agreement over several terms is a
#: region of a grid with one axis per term (steps ** terms points), so a handful is what can be
#: explored; the limit refuses a section that names hundreds of parameters before any work.
MAX_NEGOTIATION_TERMS = 16
#: nodes of a game tree (extensive-form spec, Gambit ``.efg`` or TreeGame.from_nodes).  Backward
#: induction and the sequence form are linear in the tree; the reduced normal form has its own
#: bound (MAX_PROFILES, estimated before it is built).
MAX_TREE_NODES = 100_000
#: subgame-perfect equilibria enumerated by backward induction when ties make several (a tree with
#: k tied decisions has up to 2**k); beyond it the enumeration stops with the count reached.
MAX_SPE = 10_000
#: sequences of both players together in the sequence-form LCP of a 2-player tree (Lemke's
#: algorithm on an exact dense tableau of about (sequences + 2 * infosets)^2 integers).
MAX_SEQUENCES = 2_000
#: rounds of a punishment phase searched for the best (shortest deterring) punishment length of a
#: trigger strategy under noisy monitoring (treaty.mechanics.repeated.noisy_trigger).  The length is
#: estimated in floating point first and refused past this bound before any exact power
#: delta**T is built (at delta = 99/100 and T = 10,000 that power has 20,000 digits, milliseconds).
MAX_PUNISHMENT_ROUNDS = 10_000
#: support profiles (prod over players of 2^n_i - 1) that N-player support enumeration
#: (treaty.nash, method "support") may visit; method "auto" switches to the logit path beyond it,
#: and an explicit method="support" is refused with the count, before any work.
MAX_SUPPORT_PROFILES = 1_000
