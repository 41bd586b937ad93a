"""derivations.report.strict_json: what --json prints parses with a strict parser."""
import json
import math

import numpy as np
import pytest

from derivations.report import strict_json


def _refuse(name):
    raise ValueError(f"not strict JSON: {name}")


def strict_loads(text):
    """json.loads that refuses NaN, Infinity and -Infinity, as strict parsers (JavaScript's) do."""
    return json.loads(text, parse_constant=_refuse)


def test_strict_loads_refuses_what_python_json_would_print():
    with pytest.raises(ValueError):
        strict_loads(json.dumps({"loss": math.nan}))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan"), np.float32("inf")])
def test_a_number_that_is_not_finite_becomes_null(value):
    assert strict_loads(strict_json({"loss": value})) == {"loss": None}


def test_nested_values_are_reached():
    data = {"history": [{"loss": math.nan}, {"loss": 0.5}], "pair": (math.inf, 1)}
    assert strict_loads(strict_json(data)) == {"history": [{"loss": None}, {"loss": 0.5}], "pair": [None, 1]}


def test_numpy_scalars_become_numbers():
    assert strict_loads(strict_json({"n": np.int64(3), "x": np.float64(0.25), "ok": np.bool_(True)})) == {
        "n": 3, "x": 0.25, "ok": True}


def test_finite_numbers_are_kept_exactly():
    value = 0.1 + 0.2
    assert strict_loads(strict_json([value]))[0] == value
