"""Random malformed specs give SpecError (or load), never another exception."""

import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

import treaty
from treaty.errors import SpecError
from treaty.spec.nfg import read_nfg

from .test_loader import PD_ARRAYS, PD_TABLE

NFG = 'NFG 1 R "PD" { "A" "B" } { { "c" "d" } { "c" "d" } }\n""\n{ { "" 9, 9 } { "" 10, 0 } ' \
      '{ "" 0, 10 } { "" 1, 1 } }\n1 2 3 4\n'


def _only_spec_errors(text, loader=treaty.loads):
    try:
        loader(text)
    except SpecError as exc:
        assert str(exc).strip() and "\n" not in str(exc)


@given(st.data())
def test_mutated_specs(data):
    base = data.draw(st.sampled_from([PD_TABLE, PD_ARRAYS]))
    n_edits = data.draw(st.integers(1, 4))
    text = base
    for _ in range(n_edits):
        pos = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(st.text(alphabet=st.sampled_from(list(" \n:-[]{},'\"/*.0123456789abxRPT#&!|>%@`")),
                                  min_size=1, max_size=4))
        if kind == "delete":
            text = text[:pos] + text[pos + len(chunk):]
        elif kind == "insert":
            text = text[:pos] + chunk + text[pos:]
        else:
            text = text[:pos] + chunk + text[pos + len(chunk):]
    _only_spec_errors(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True)
    | st.text(max_size=6),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["players", "payoffs", "name", "strategies", "profile", "parameters",
                         "value", "min", "title", "targets", "US", "CN", "A", "treaty", "kind"]),
        children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_random_documents(doc):
    _only_spec_errors(json.dumps(doc))
    _only_spec_errors(yaml.safe_dump(doc))


@given(st.data())
def test_structured_mutations(data):
    doc = yaml.safe_load(PD_TABLE)
    path_choices = [("players", 0, "strategies"), ("payoffs", 1, "payoffs"), ("payoffs", 2, "profile"),
                    ("parameters", "T"), ("targets", "pact"), ("players", 1)]
    path = data.draw(st.sampled_from(path_choices))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(json_values)
    _only_spec_errors(yaml.safe_dump(doc))


@given(st.data())
def test_mutated_nfg(data):
    text = NFG
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(text)))
        chunk = data.draw(st.text(alphabet=st.sampled_from(list(' {}"0123456789/.,-\\\nRD')),
                                  max_size=3))
        text = text[:pos] + chunk + text[pos + data.draw(st.integers(0, 3)):]
    _only_spec_errors(text, lambda t: read_nfg(t, "f.nfg"))
