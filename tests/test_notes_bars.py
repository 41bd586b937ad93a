"""Evaluation bars (issue 12): ``\\left. ... \\right|_{x=a}`` and ``... \\Big|_{x=a}``.

What stands before the bar is differentiated first, then evaluated at the point. Expected verdicts
are elementary calculus, confirmed by SymPy in ``test_oracle_values`` without gradproof. At a kink
(|x| at 0, ReLU at 0) the derivative does not exist, so no value there is proved or refuted.
"""
import pytest
import sympy as sp

from tests.conftest import link_on

NOTES = r"""# Values of derivatives

$$\left. \frac{d}{dx} x^2 \right|_{x=3} = 6$$

$$\left. \frac{d}{dx} x^2 \right|_{x=3} = 5$$

$$\frac{d}{dx} x^3 \Big|_{x = 2} = 12$$

$$\sigma(z) = \frac{1}{1+e^{-z}}$$

$$\frac{d\sigma}{dz}\Big|_{z=0} = \frac{1}{4}$$

$$\frac{d}{dz}\sigma(z) \bigg\vert_{z=0} = \frac{1}{2}$$

$$\frac{d}{dx} |x| \Big|_{x = -2} = -1$$

$$\frac{d}{dx} |x| \Big|_{x = -2} = 1$$

$$\frac{d}{dx} |x| \Big|_{x = 0} = 0$$

$$\left.\frac{\partial}{\partial w}(w u)^2\right|_{w=1, u=2} = 8$$

$$|v - 1| = |1 - v|$$

$$\frac{d}{dx} x^2 \Big|_{x=1, 2} = 2$$
"""

CASES = [
    (r"$$\left. \frac{d}{dx} x^2 \right|_{x=3} = 6$$", "proved"),
    (r"$$\left. \frac{d}{dx} x^2 \right|_{x=3} = 5$$", "refuted"),
    (r"$$\frac{d}{dx} x^3 \Big|_{x = 2} = 12$$", "proved"),
    (r"$$\frac{d\sigma}{dz}\Big|_{z=0} = \frac{1}{4}$$", "proved"),
    (r"$$\frac{d}{dz}\sigma(z) \bigg\vert_{z=0} = \frac{1}{2}$$", "refuted"),
    (r"$$\frac{d}{dx} |x| \Big|_{x = -2} = -1$$", "proved"),
    (r"$$\frac{d}{dx} |x| \Big|_{x = -2} = 1$$", "refuted"),
    (r"$$\frac{d}{dx} |x| \Big|_{x = 0} = 0$$", "undecided"),
    (r"$$\left.\frac{\partial}{\partial w}(w u)^2\right|_{w=1, u=2} = 8$$", "proved"),
    (r"$$|v - 1| = |1 - v|$$", "proved"),
    (r"$$\frac{d}{dx} x^2 \Big|_{x=1, 2} = 2$$", "unparsed"),
]


def test_oracle_values():
    x, z, w, u = sp.symbols("x z w u", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    assert [sp.diff(x**2, x).subs(x, 3), sp.diff(x**3, x).subs(x, 2), sp.diff(sigma, z).subs(z, 0),
            sp.diff(sp.Abs(x), x).subs(x, -2), sp.diff((w * u)**2, w).subs({w: 1, u: 2})] == \
        [6, 12, sp.Rational(1, 4), -1, 8]


@pytest.mark.parametrize("line, expected", CASES, ids=[c[0][2:40] for c in CASES])
def test_evaluation_bar(checked, line, expected):
    assert link_on(checked(NOTES), NOTES, line).verdict == expected
