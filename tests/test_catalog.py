"""Every built-in derivation: complete metadata, every step proved, and wrong variants refuted."""
import dataclasses
import re

import pytest
import sympy as sp

from derivations import catalog
from derivations.catalog.generic import Generic
from derivations.export import shown_name, shown_names
from derivations.functions import relu, relu_prime, sigma
from derivations.prove import prepare, verify, verify_step

DERIVATIONS = catalog.all_derivations()
IDS = [d.id for d in DERIVATIONS]
FOUNDATION = ["gradient", "jacobian", "chain-rule-scalar", "chain-rule-jacobian", "sigmoid-derivative", "bce-sigmoid"]


def test_foundation_ids_are_in_the_catalog():
    assert set(FOUNDATION) <= set(IDS)


# issue 13: every claim of the notes, with the note that makes it
CLAIMS = {"layer-chain": "001", "node-error": "001", "step-size": "001", "mini-batch": "001",
          "vanishing-gradient": "000", "sigmoid-softmax": "004", "nudges": "003", "activation-range": "001",
          "cost-correct": "003", "local-minima": "003", "bias-unit": "003"}


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_claim_of_the_notes_is_in_the_catalog(claim_id):
    assert claim_id in IDS


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_claim_of_the_notes_cites_its_note(claim_id):
    assert catalog.get(claim_id).source.startswith(CLAIMS[claim_id])


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_claim_of_the_notes_quotes_the_notes(claim_id):
    assert any(step.quote for step in catalog.get(claim_id).steps)


def test_ids_are_unique():
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_metadata_is_complete(derivation):
    assert derivation.title and derivation.source.split(",")[0].endswith(".txt")
    assert all(step.reason for step in derivation.steps)


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_no_step_is_a_tautology(derivation):
    # issue 13: a side SymPy evaluated while building can leave "x = x", which proves nothing
    assert [k for k, s in enumerate(derivation.steps, 1) if s.lhs == s.rhs] == []


def test_bce_chain_step_keeps_the_notes_factors():
    step = catalog.get("bce-sigmoid").steps[10]
    a, y = sp.symbols("a y", real=True)
    assert step.lhs.args[:2] == ((a - y) / (a * (1 - a)), a * (1 - a))


def _parent(partial):
    """The generic function whose named partial derivative ``partial`` is, or None."""
    return next((g for g in Generic.__subclasses__() if partial in g._partials.values()), None)


def _named_quantities(derivation):
    """Every named quantity the steps use, as the definitions must name it: sigma, ReLU, ReLU',
    each generic function (phi, C), its derivative (phi', or d_k C for several arguments), and the
    stem of each shown name (delta for delta^1_j, Z for Z_1)."""
    names = set()
    for step in derivation.steps:
        sides = [e for side in (step.lhs, step.rhs) for e in (side if isinstance(side, sp.MatrixBase) else [side])]
        for f in set().union(*[e.atoms(sp.Function) for e in sides]):
            if isinstance(f, Generic):
                parent = _parent(type(f))
                root = (parent or type(f)).__name__.split("_")[0]  # ell_nudge is ell
                names.add(root if parent is None else root + "'" if parent._arity == 1 else "d_k " + root)
            elif type(f) in _DEFINED_NAMES:
                names.add(_DEFINED_NAMES[type(f)])
        names |= {re.match(r"[A-Za-z]+", shown_name(a)).group() for a in shown_names(sides)}
    return names


_DEFINED_NAMES = {sigma: "sigma", relu: "ReLU", relu_prime: "ReLU'"}


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_every_named_quantity_is_defined(derivation):
    # issue 13: "d/dZ ReLU(Z) = ReLU'(Z)" reads as circular unless the header says ReLU'(z) = [z > 0]
    defined = " ; ".join(str(name) for name, _ in derivation.definitions)
    missing = {n for n in _named_quantities(derivation)
               if not re.search(r"(?<![A-Za-z])" + re.escape(n) + r"(?![A-Za-z'])", defined)}
    assert missing == set()


def test_named_quantities_see_relu_prime_and_phi_prime():
    assert {"ReLU'", "phi'", "d_k C", "delta"} <= _named_quantities(catalog.get("node-error")) | \
        _named_quantities(catalog.get("two-layer")) | _named_quantities(catalog.get("backprop-equations"))


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_every_step_is_proved(derivation):
    result = verify(derivation)
    assert [s.verdict.verdict for s in result.steps] == ["proved"] * len(derivation.steps)


# ---------------------------------------------------------------- wrong variants
def _symbols(expr):
    return sorted((s for s in expr.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer), key=str)


def sign_flip(rhs):
    return -rhs


def wrong_constant(rhs):
    return 2 * rhs


def dropped_factor(rhs):
    """Drop the first non-constant factor of a product (entrywise for matrices)."""
    def drop(e):
        factors = [f for f in sp.Mul.make_args(e) if not f.is_number]
        return e / factors[0] if len(factors) > 1 else e + 1
    return rhs.applyfunc(drop) if isinstance(rhs, sp.MatrixBase) else drop(rhs)


def swapped_variable(rhs):
    """Replace one variable of the result by another of the claim (y for x, w_j for x_j, ...)."""
    indexed = sorted(rhs.atoms(sp.Indexed), key=str)
    if indexed:
        old = indexed[0]
        other = "x" if str(old.base) == "w" else "w"
        return rhs.subs(old, sp.IndexedBase(other, real=True)[old.indices])
    names = _symbols(rhs)
    if len(names) >= 2:
        return rhs.subs({names[0]: names[1], names[1]: names[0]}, simultaneous=True)
    return rhs.subs(names[0], names[0] + 1)


MUTATIONS = [sign_flip, wrong_constant, dropped_factor, swapped_variable]


def _final_step(derivation):
    # The result of a derivation: its last step whose right side is not constant.
    return max(i for i, s in enumerate(derivation.steps) if _symbols(s.rhs) or s.rhs.atoms(sp.Indexed))


@pytest.mark.parametrize("mutate", MUTATIONS, ids=[m.__name__ for m in MUTATIONS])
@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_wrong_variant_of_the_result_is_refuted(derivation, mutate):
    k = _final_step(derivation)
    step = derivation.steps[k]
    mutant = dataclasses.replace(step, rhs=mutate(step.rhs))
    assert mutant.rhs != step.rhs
    verdict = verify_step(mutant, derivation)
    assert verdict.verdict == "refuted"


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_counterexample_of_a_mutant_distinguishes_the_sides(derivation):
    step = derivation.steps[_final_step(derivation)]
    mutant = dataclasses.replace(step, rhs=wrong_constant(step.rhs))
    ce = verify_step(mutant, derivation).counterexample
    substitutions = derivation.reparametrise + step.assume
    point = {}
    lhs, rhs = prepare(mutant.lhs, substitutions), prepare(mutant.rhs, substitutions)
    for side in (lhs, rhs):
        for v in side.free_symbols:
            if str(v) in ce and isinstance(ce[str(v)], str):
                point[v] = sp.Rational(ce[str(v)])
    ints = {v: val for v, val in point.items() if v.is_integer}
    lhs, rhs = (e.subs(ints).doit() for e in (lhs, rhs))
    for side in (lhs, rhs):
        for entry in side.atoms(sp.Indexed):
            point[entry] = sp.Rational(ce[str(entry)])
    difference = (lhs - rhs).subs(point)
    entries = list(difference) if isinstance(difference, sp.MatrixBase) else [difference]
    assert max(abs(sp.N(e, 30)) for e in entries) > 1e-9
