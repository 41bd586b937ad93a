"""NumPy side of gradproof: a network whose backward pass is BP1-BP4, and a gradient checker.

Data flow: ``Network`` (activations.py, losses.py) -> ``backward`` -> ``check_network`` /
``gradcheck`` (central differences). Examples are columns throughout.
"""
from numeric.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation, NumericError
from numeric.gradcheck import Entry, GradcheckResult, check_network, gradcheck, jacobian_check
from numeric.losses import LOSSES, Loss
from numeric.network import Network

__all__ = [
    "ACTIVATIONS", "OUTPUT_ACTIVATIONS", "Activation", "NumericError",
    "Entry", "GradcheckResult", "check_network", "gradcheck", "jacobian_check",
    "LOSSES", "Loss", "Network",
]
