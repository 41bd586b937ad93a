"""layer-chain, node-error, nudges: identities, entry counts, and the wrong variants they reject."""
import dataclasses

import sympy as sp

from derivations.catalog import layers
from derivations.catalog.generic import grad, matrix, phi, phi_prime, vector
from derivations.catalog.layers import C2, C3, Delta, n1, n2, n3
from derivations.prove import verify_claim, verify_step

CHAIN = layers.layer_chain()
NODE = layers.node_error()
NUDGES = layers.nudges()
zs = sp.symbols("z_1:4", real=True)


# ---------------------------------------------------------------- the chain through a layer

def test_chain_of_full_jacobians_is_the_gradient():
    step = CHAIN.steps[0]
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


def test_chain_without_the_middle_jacobian_does_not_fit():
    step = CHAIN.steps[0]
    a, _, c = step.rhs.args
    wrong = sp.MatMul(a, sp.ImmutableMatrix(2, 3, lambda r, k: 1 if r == k else 0), c, evaluate=False)
    assert verify_claim(step.lhs, wrong).verdict == "refuted"


def test_backprop_gradient_without_phi_prime_of_z2_is_refuted():
    step = CHAIN.steps[2]
    a1, W2, W3, z2, z3 = layers._network()
    delta3 = grad(layers.L2, z3.applyfunc(phi)).multiply_elementwise(z3.applyfunc(phi_prime))
    assert verify_claim(step.lhs, (W3.T * delta3) * a1.T).verdict == "refuted"


def test_full_jacobian_of_layer_two_has_n1_n2_squared_entries():
    step = CHAIN.steps[4]
    assert verify_claim(step.lhs, n1 * n2**2).verdict == "proved"


def test_full_jacobian_entries_are_not_n1_n2():
    step = CHAIN.steps[4]
    assert verify_claim(step.lhs, n1 * n2).verdict == "refuted"


def test_stored_zeros_are_nonnegative():
    assert (n1 * n2 * (n2 - 1)).is_nonnegative is True


def test_full_jacobians_never_hold_fewer_entries_than_backprop():
    assert CHAIN.steps[-1].rhs.is_nonnegative is True


def test_full_against_backprop_difference_is_not_zero():
    step = CHAIN.steps[-1]
    assert verify_claim(step.lhs, 0).verdict == "refuted"


def test_a_2_3_2_network_stores_26_against_11_entries():
    # 2 + 2*3 + 2*3^2 = 26 for the Jacobians, 2 + 3 + 3*2 = 11 for backprop: 15 more
    step = CHAIN.steps[-1]
    assert verify_claim(step.lhs.subs({n1: 2, n2: 3, n3: 2}), 15).verdict == "proved"


# ---------------------------------------------------------------- the error of a node

def test_nudging_z2_gives_dC_dz2():
    assert verify_step(NODE.steps[0]).verdict == "proved"


def test_nudging_z2_is_not_dC_dz1():
    step = NODE.steps[0]
    assert verify_claim(step.lhs, C3.partial(1)(*zs)).verdict == "refuted"


def test_nudge_through_the_activation_needs_phi_prime():
    step = NODE.steps[1]
    assert verify_claim(step.lhs, C3.partial(2)(*[phi(q) for q in zs])).verdict == "refuted"


def test_nudge_is_taken_at_delta_zero():
    step = NODE.steps[0]
    moved = [zs[0], zs[1] + Delta, zs[2]]
    assert verify_claim(step.lhs, C3.partial(2)(*moved)).verdict == "refuted"


def test_mse_sigmoid_node_error_sign_flipped_is_refuted():
    step = NODE.steps[3]
    assert verify_step(dataclasses.replace(step, rhs=-step.rhs)).verdict == "refuted"


# ---------------------------------------------------------------- the nudges to the previous layer

def test_influence_of_the_previous_neuron_is_the_weight():
    assert verify_step(NUDGES.steps[0]).verdict == "proved"


def test_influence_is_not_the_transposed_weight():
    step = NUDGES.steps[0]
    assert verify_step(dataclasses.replace(step, rhs=layers.w[layers.k, layers.j])).verdict == "refuted"


def test_nudges_of_every_neuron_are_added():
    assert verify_step(NUDGES.steps[1]).verdict == "proved"


def test_nudge_in_matrix_form_is_w_transpose_delta():
    assert verify_step(NUDGES.steps[2]).verdict == "proved"


def test_nudge_in_matrix_form_without_phi_prime_is_refuted():
    step = NUDGES.steps[2]
    aL1, Wm, bL = vector("a^1", 3), matrix("w^2", 2, 3), vector("b^2", 2)
    zL = Wm * aL1 + bL
    assert verify_claim(step.lhs, Wm.T * grad(C2, zL.applyfunc(phi))).verdict == "refuted"


# ---------------------------------------------------------------- the bias as an extra unit (003 L7)

BIAS = layers.bias_unit()


def test_extra_unit_with_activation_zero_loses_the_bias():
    step = BIAS.steps[0]
    W, a, b, Wb, a1 = layers._augmented(2, 3)
    assert verify_claim(step.lhs, sp.MatMul(Wb, a.col_join(sp.Matrix([0])), evaluate=False)).verdict == "refuted"


def test_bias_gradient_is_delta_times_one():
    step = BIAS.steps[5]
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


def test_bias_gradient_is_not_delta_times_an_input():
    step = BIAS.steps[5]
    W, a, b, Wb, a1 = layers._augmented(2, 3)
    assert verify_claim(step.lhs, step.rhs.applyfunc(lambda e: e * a[0])).verdict == "refuted"


def test_extra_unit_weight_multiplies_the_extra_activation_not_the_last_input():
    step = BIAS.steps[2]
    n = sp.Symbol("n", integer=True, positive=True)
    assert verify_claim(step.lhs, layers.a[n], step.assume).verdict == "refuted"


def test_extra_unit_gradient_belongs_to_its_own_node():
    step = BIAS.steps[3]
    assert verify_claim(step.lhs, step.rhs.subs(layers.C2.partial(1), layers.C2.partial(2)), step.assume).verdict == "refuted"
