"""The links of the notes corpus, each translated by hand into Python (see ground_truth.py).

``link(file, find, mechanism, truth, why, f=..., dom=..., special=..., rhs=..., readings=...)``:
``find`` is a substring of the line where the right-hand side begins (unique in the file);
``f(M, **point)`` returns (lhs, rhs) in the namespace M (mpmath real-only, or exact SymPy).
"""
from fractions import Fraction as Fr

F = Fr


class NonReal(Exception):
    """A value on the way to a side is not a real number (or does not exist there)."""


def nz(M, *values):
    """A kink point where a derivative does not exist: not a point of the claim."""
    if M.mode == "num" and any(v == 0 for v in values):
        raise NonReal


def rats(rng, n, lo=-3, hi=3):
    return [Fr(rng.randint(lo * 5, hi * 5), 5) for _ in range(n)]


def define_links(link, left_out):
    kinks(link, left_out)
    conditions(link)
    examples(link)
    definitions(link)
    matrices(link)
    ambiguous(link)
    error_e(link)
    indices(link)
    real_values(link)
    backprop(link)


# ---------------------------------------------------------------- 1. kinks and boundaries
def kinks(link, left_out):
    K = "kinks.md"
    Z = {"z": "real"}
    z0 = [{"z": 0}]
    link(K, r"\text{ReLU}(z) = \max(0, z)", 1, "true", "ReLU is the positive part, at 0 too",
         lambda M, z: (M.relu(z), M.max(0, z)), Z, z0)
    link(K, r"\max(0, z) = \frac{z + |z|}{2}", 1, "true", "positive part identity, 0 = 0 at the kink",
         lambda M, z: (M.max(0, z), (z + M.abs(z)) / 2), Z, z0)
    link(K, r"\max(0, z) - \max(0, -z) = z", 1, "true", "positive minus negative part",
         lambda M, z: (M.max(0, z) - M.max(0, -z), z), Z, z0)
    link(K, r"\max(0, z) = z \cdot \mathbb{1}[z > 0]", 1, "true", "at z = 0 both sides are 0",
         lambda M, z: (M.max(0, z), z * M.ind(z > 0)), Z, z0)
    link(K, r"|z| = z \left(2\,\mathbb{1}[z \ge 0] - 1\right)", 1, "true", "sign trick; at 0 both sides 0",
         lambda M, z: (M.abs(z), z * (2 * M.ind(z >= 0) - 1)), Z, z0)
    AB = {"a": "real", "b": "real"}
    link(K, r"\max(a, b) = \frac{a + b + |a - b|}{2}", 1, "true", "max formula, tie a = b included",
         lambda M, a, b: (M.max(a, b), (a + b + M.abs(a - b)) / 2), AB, [{"a": 1, "b": 1}])
    link(K, r"\max(a, b) = \frac{a + b - |a - b|}{2}", 1, "false", "that is min: a=1, b=0 gives 1 vs 0",
         lambda M, a, b: (M.max(a, b), (a + b - M.abs(a - b)) / 2), AB, [{"a": 1, "b": 0}])
    T = {"t": "real"}
    t0 = [{"t": 0}]
    link(K, r"\mathbb{1}[t \ge 0] = \mathbb{1}[t > 0]", 1, "false", "differ at t = 0: 1 vs 0",
         lambda M, t: (M.ind(t >= 0), M.ind(t > 0)), T, t0)
    link(K, r"\mathbb{1}[t \ge 0] + \mathbb{1}[t < 0] = 1", 1, "true", "closed and open half lines cover R",
         lambda M, t: (M.ind(t >= 0) + M.ind(t < 0), 1), T, t0)
    link(K, r"\mathbb{1}[t > 0] + \mathbb{1}[t < 0] = 1", 1, "false", "at t = 0 the left side is 0",
         lambda M, t: (M.ind(t > 0) + M.ind(t < 0), 1), T, t0)
    link(K, r"t\,\mathbb{1}[t \ge 0] = \max(0, t)", 1, "true", "at t = 0 both 0",
         lambda M, t: (t * M.ind(t >= 0), M.max(0, t)), T, t0)
    link(K, r"$$ \sqrt{t^2} = |t| $$", 1, "true", "sqrt of a square", rhs="|t|",
         f=lambda M, t: (M.sqrt(t ** 2), M.abs(t)), dom=T, special=t0)
    relu_d = lambda M, z: M.d(M.relu, z)  # noqa: E731
    link(K, r"\text{ReLU}'(z) = \mathbb{1}[z > 0]", 1, "true",
         "equal wherever ReLU' exists (z != 0); at z = 0 also under the convention ReLU'(0) := 0",
         readings={"derivative, kink excluded": lambda M, z: (nz(M, z), relu_d(M, z))[1:] + (M.ind(z > 0),),
                   "convention ReLU'(0) := 0": lambda M, z: (M.ind(z > 0), M.ind(z > 0))}, dom=Z, special=z0)
    left_out(K, r"\text{ReLU}'(z) = \mathbb{1}[z \ge 0]",
             "differs only at z = 0, where ReLU' does not exist: true if the kink is excluded (issue 11), "
             "false under the README's convention ReLU'(0) := 0; either proved or undecided may be right")
    conv = {"convention ReLU'(0) := 0": lambda M, c: (0, c), "convention ReLU'(0) := 1": lambda M, c: (1, c)}
    link(K, r"\text{ReLU}'(0) = 1", 1, "ambiguous",
         "ReLU'(0) does not exist; its value is a convention (issue 11: undecided, never refuted)",
         readings={k: (lambda g: lambda M: g(M, 1))(g) for k, g in conv.items()})
    link(K, r"\text{ReLU}'(0) = 0", 1, "ambiguous", "a convention, as above",
         readings={k: (lambda g: lambda M: g(M, 0))(g) for k, g in conv.items()})
    link(K, r"\frac{d}{dz}|z| = \frac{|z|}{z}", 1, "true", "sign(z) for z != 0; both sides undefined at 0",
         lambda M, z: (nz(M, z), M.d(M.abs, z), M.abs(z) / z)[1:], Z)
    link(K, r"\sqrt{t^2} = t \quad \text{for } t \ge 0", 1, "true", "t >= 0 includes t = 0", rhs="t",
         f=lambda M, t: (M.sqrt(t ** 2), t), dom={"t": ("ge", 0)}, special=t0)
    link(K, r"\max(0, t - 1) = t - 1 \quad \text{for } t \ge 1", 1, "true", "boundary t = 1 gives 0 = 0",
         lambda M, t: (M.max(0, t - 1), t - 1), {"t": ("ge", 1)}, [{"t": 1}], rhs="t - 1")
    link(K, r"|t - 2| = t - 2 \quad \text{for } t \ge 2", 1, "true", "boundary included",
         lambda M, t: (M.abs(t - 2), t - 2), {"t": ("ge", 2)}, [{"t": 2}], rhs="t - 2")
    link(K, r"\mathbb{1}[t > 1] = 1 \quad \text{for } t \ge 1", 1, "false",
         "t = 1 lies in the stated domain and gives 0 vs 1",
         lambda M, t: (M.ind(t > 1), 1), {"t": ("ge", 1)}, [{"t": 1}], rhs="1", cx="t >= 1")
    link(K, r"\max(0, t) = t \quad \text{for } t \ge -1", 1, "false", "t = -1/2 gives 0 vs -1/2",
         lambda M, t: (M.max(0, t), t), {"t": ("ge", -1)}, [{"t": F(-1, 2)}], rhs="t", cx="t >= -1")
    link(K, r"\sigma(z) = \frac{1}{1 + e^{-z}}", "baseline", "true", "definition of the sigmoid",
         lambda M, z: (M.sigma(z), 1 / (1 + M.exp(-z))), Z)
    link(K, r"\sigma(-z) = 1 - \sigma(z)", "baseline", "true", "sigmoid symmetry",
         lambda M, z: (M.sigma(-z), 1 - M.sigma(z)), Z)
    link(K, r"\tanh(z) = 2\sigma(2z) - 1", "baseline", "true", "tanh from sigmoid",
         lambda M, z: (M.tanh(z), 2 * M.sigma(2 * z) - 1), Z)
    link(K, r"\frac{d}{dz}\tanh(z) = 1 - \tanh^2(z)", "baseline", "true", "tanh'",
         lambda M, z: (M.d(M.tanh, z), 1 - M.tanh(z) ** 2), Z)
    link(K, r"\frac{d}{dz}\tanh(z) = 1 + \tanh^2(z)", "baseline", "false", "sign slip; z = 1",
         lambda M, z: (M.d(M.tanh, z), 1 + M.tanh(z) ** 2), Z)


# ---------------------------------------------------------------- 2. conditions and premises
def conditions(link):
    C = "conditions.md"
    PQ = {"p": "pos", "q": "pos"}
    link(C, r"\log(pq) = \log p + \log q \quad \text{for } p, q > 0", 2, "true", "log rule for p, q > 0",
         lambda M, p, q: (M.log(p * q), M.log(p) + M.log(q)), PQ, rhs=r"\log p + \log q")
    link(C, r"|p| + |q| = p + q \quad \text{for } p, q > 0", 2, "true",
         "both clauses p > 0 and q > 0 needed; dropping p > 0 allows p = -1", 
         lambda M, p, q: (M.abs(p) + M.abs(q), p + q), PQ, rhs="p + q")
    link(C, r"\sqrt{p^2 q^2} = pq \qquad p > 0, q > 0", 2, "true", "pq > 0",
         lambda M, p, q: (M.sqrt(p ** 2 * q ** 2), p * q), PQ, rhs="pq")
    link(C, r"|p - q| = p - q \quad \text{for } p, q > 0", 2, "false", "p = 1, q = 2: 1 vs -1",
         lambda M, p, q: (M.abs(p - q), p - q), PQ, [{"p": 1, "q": 2}], rhs="p - q", cx="p > 0 and q > 0")
    link(C, r"\log(pq) = \log p \cdot \log q \quad \text{for } p, q > 0", 2, "false", "p = 2, q = 3",
         lambda M, p, q: (M.log(p * q), M.log(p) * M.log(q)), PQ, [{"p": 2, "q": 3}],
         rhs=r"\log p \cdot \log q", cx="p > 0 and q > 0")
    link(C, r"\max(0, p) = p \quad \text{for positive } p", 2, "true", "p > 0 stated in words",
         lambda M, p: (M.max(0, p), p), {"p": "pos"}, rhs="p")
    link(C, r"|p| = p \quad \text{unless } p < 0", 2, "true", "'unless p < 0' means p >= 0",
         lambda M, p: (M.abs(p), p), {"p": "nonneg"}, [{"p": 0}], rhs="p")
    link(C, r"|p| = p \quad (p \ge 0)", 2, "true", "(p >= 0) after \\quad is a condition, not a factor",
         lambda M, p: (M.abs(p), p), {"p": "nonneg"}, [{"p": 0}], rhs="p")
    link(C, r"|p| = -p \quad (p \ge 0)", 2, "false", "p = 1 gives 1 vs -1 (p >= 0 holds)",
         lambda M, p: (M.abs(p), -p), {"p": "nonneg"}, [{"p": 1}], rhs="-p", cx="p >= 0")
    T12 = {"t1": "real", "a": "real", "_": lambda p, rng: {"t2": 1 - p["t1"], **p}}
    link(C, r"t_1 a + t_2 a = a \quad \text{since } t_1 + t_2 = 1", 2, "true",
         "true under the premise t_1 + t_2 = 1; false without it", rhs="a",
         f=lambda M, t1, t2, a: (t1 * a + t2 * a, a), dom=T12)
    link(C, r"(t_1 + t_2)^2 = 1 \quad \text{given } t_1 + t_2 = 1", 2, "true", "premise", rhs="1",
         f=lambda M, t1, t2, a: ((t1 + t2) ** 2, 1), dom=T12)
    link(C, r"t_1 a + t_2 a = 2a \quad \text{because } t_1 + t_2 = 1", 2, "false",
         "under the premise the left side is a; a = 1, t_1 = 1, t_2 = 0 gives 1 vs 2", rhs="2a", cx="t_1 + t_2 == 1",
         f=lambda M, t1, t2, a: (t1 * a + t2 * a, 2 * a), dom=T12, special=[{"t1": 1, "a": 1}])

    def softmax_ce(M, k, z1, z2, z3, t1, t2, t3, sign):
        def L(v):
            zs = [z1, z2, z3]
            zs[k - 1] = v
            s = M.exp(zs[0]) + M.exp(zs[1]) + M.exp(zs[2])
            return -sum(t * M.log(M.exp(zi) / s) for t, zi in zip((t1, t2, t3), zs))
        zk, tk = (z1, z2, z3)[k - 1], (t1, t2, t3)[k - 1]
        ak = M.exp(zk) / (M.exp(z1) + M.exp(z2) + M.exp(z3))
        return M.d(L, zk), sign * (ak - tk)
    SM = {"z1": "real", "z2": "real", "z3": "real", "t1": "real", "t2": "real",
          "_": lambda p, rng: {"t3": 1 - p["t1"] - p["t2"], **p}}
    onehot = [{"t1": 1, "t2": 0, "z1": 0, "z2": 0, "z3": 0}]
    link(C, r"\frac{\partial L}{\partial z_1} = a_1 - t_1", 2, "true",
         "softmax + cross-entropy, using the prose premise t_1 + t_2 + t_3 = 1",
         lambda M, **p: softmax_ce(M, 1, sign=1, **p), SM, onehot)
    link(C, r"\frac{\partial L}{\partial z_2} = a_2 - t_2", 2, "true", "as above, second class",
         lambda M, **p: softmax_ce(M, 2, sign=1, **p), SM, onehot)
    link(C, r"\frac{\partial L}{\partial z_1} = t_1 - a_1", 2, "false",
         "sign flipped; one-hot t = (1,0,0), z = 0 gives -2/3 vs 2/3",
         lambda M, **p: softmax_ce(M, 1, sign=-1, **p), SM, onehot, cx="t_1 + t_2 + t_3 == 1")
    link(C, r"\text{Let } s = 3", 2, "true",
         "a definition in words: read as a definition (no link) or as a claim that holds; never refuted "
         "(today: refuted at Let = 1/2)", lambda M, s: (s, 3), {"s": 3}, rhs="3", expected="absent", optional=True)
    link(C, r"$$ s^2 - 2s = 3 $$", 2, "true", "'Let s = 3' (a word in \\text{}) defines s = 3: 9 - 6 = 3",
         lambda M, s: (s ** 2 - 2 * s, 3), {"s": 3}, rhs="3")
    link(C, r"$$ s^2 = 6 $$", 2, "false", "s = 3 gives 9", lambda M, s: (s ** 2, 6), {"s": 3}, rhs="6", cx="s == 3")
    link(C, r"\text{Hence } \tanh(-u) = -\tanh(u)", 2, "true", "tanh is odd; 'Hence' is a word, not a factor",
         lambda M, u: (M.tanh(-u), -M.tanh(u)), {"u": "real"}, rhs=r"-\tanh(u)")
    link(C, r"\text{Hence } \tanh(-u) = \tanh(u)", 2, "false", "u = 1",
         lambda M, u: (M.tanh(-u), M.tanh(u)), {"u": "real"}, rhs=r"\tanh(u)", cx="'Hence' not in cx")

    def jac(M, n, i, j, x, row):
        def p(k, xs):
            return M.exp(xs[k - 1]) / sum(M.exp(v) for v in xs)
        def pi_of(v):
            xs = list(x)
            xs[j - 1] = v
            return p(i, xs)
        lhs = M.d(pi_of, x[j - 1])
        pi, pj = p(i, x), p(j, x)
        return lhs, {1: pi * (1 - pj), 2: -pi * pj, 3: pi * pj}[row]

    def jdom(same):
        def complete(p, rng):
            n = p["n"]
            i = rng.randint(1, n)
            j = i if same else rng.choice([k for k in range(1, n + 1) if k != i])
            return {"i": i, "j": j, "x": rats(rng, n), **p}
        return {"n": ("int", 2, 4), "_": complete}
    link(C, r"&= o_i (1 - o_j) && \text{if } i = j", 2, "true",
         "softmax Jacobian diagonal; 'if i = j' is a condition (words in \\text{})", rhs="o_i (1 - o_j)",
         f=lambda M, **p: jac(M, row=1, **p), dom=jdom(True))
    link(C, r"&= -o_i o_j && \text{if } i \neq j", 2, "true", "off-diagonal", rhs="-o_i o_j",
         f=lambda M, **p: jac(M, row=2, **p), dom=jdom(False))
    link(C, r"&= o_i o_j && \text{if } i \neq j", 2, "false", "sign slip off the diagonal (o_i o_j > 0)",
         rhs="o_i o_j", f=lambda M, **p: jac(M, row=3, **p), dom=jdom(False))


# ---------------------------------------------------------------- 3. numbers are examples
def examples(link):
    X = "examples.md"
    U = {"u": "real"}
    link(X, r"\frac{dh}{du} = 1 $$", 3, "false",
         "h = max(0, u): slope 0 for u < 0; the later 'at u = 3' must not apply before it",
         lambda M, u: (nz(M, u), M.d(M.relu, u), 1)[1:], U, [{"u": -1}], rhs="1")
    link(X, r"\frac{dh}{du} = \mathbb{1}[u > 0]", 3, "true", "slope of ReLU (u != 0)",
         lambda M, u: (nz(M, u), M.d(M.relu, u), M.ind(u > 0))[1:], U)
    link(X, r"$$ h = u $$", 3, "true",
         "after 'At $u = 3$' in the same section u = 3 is in force: max(0, 3) = 3 (issue 11, rule 3)",
         lambda M, u: (M.max(0, u), u), {"u": 3}, rhs="u")
    PQ = {"p": "real", "q": "real"}
    link(X, r"(p + q)^2 = p^2 + q^2", 3, "false",
         "p = q = 1; the later sanity check p = 1, q = 0 must not give values to earlier lines",
         lambda M, p, q: ((p + q) ** 2, p ** 2 + q ** 2), PQ, [{"p": 1, "q": 1}])
    link(X, r"\log(1 + pq) = pq", 3, "false", "p = q = 1: log 2 vs 1",
         lambda M, p, q: (M.log(1 + p * q), p * q), PQ, [{"p": 1, "q": 1}])
    link(X, r"\sqrt{p^2 + q^2} = p + q", 3, "false", "p = q = 1: sqrt 2 vs 2",
         lambda M, p, q: (M.sqrt(p ** 2 + q ** 2), p + q), PQ, [{"p": 1, "q": 1}])
    link(X, r"p^2 - q^2 = (p - q)(p + q)", 3, "true", "difference of squares",
         lambda M, p, q: (p ** 2 - q ** 2, (p - q) * (p + q)), PQ)
    link(X, r"(p - q)^2 = p^2 - q^2", 3, "false",
         "p = 2, q = 1: 1 vs 3; the sanity values of another section (p = 1, q = 0) would make it hold",
         lambda M, p, q: ((p - q) ** 2, p ** 2 - q ** 2), PQ, [{"p": 2, "q": 1}])
    link(X, r"\frac{\partial L}{\partial a_k} = -\frac{1}{a_k}", 3, "true", "L = -log a_k",
         lambda M, pk: (M.d(lambda v: -M.log(v), pk), -1 / pk), {"pk": "pos"})
    TP = {"tk": "real", "pk": "pos"}
    link(X, r"t_k \log a_k = \log a_k", 3, "false",
         "t_k = 0, a_k = 2; 'where t_k = 1' belongs to the definition of L only",
         lambda M, tk, pk: (tk * M.log(pk), M.log(pk)), TP, [{"tk": 0, "pk": 2}])
    link(X, r"(1 - t_k) \log a_k = 0", 3, "false", "t_k = 0, a_k = 2",
         lambda M, tk, pk: ((1 - tk) * M.log(pk), 0), TP, [{"tk": 0, "pk": 2}])


# ---------------------------------------------------------------- 4. definitions
def definitions(link):
    D = "definitions.md"
    V = {"v": "real", "eta": "real", "g": "real"}
    link(D, r"v_{\text{next}} - v = -\eta g", 4, "true", "v_next := v - eta g is a definition",
         lambda M, v, eta, g: ((v - eta * g) - v, -eta * g), V)
    link(D, r"\frac{\partial v_{\text{next}}}{\partial g} = -\eta", 4, "true", "",
         lambda M, v, eta, g: (M.d(lambda s: v - eta * s, g), -eta), V)
    link(D, r"\frac{\partial v_{\text{next}}}{\partial v} = 1 - \eta", 4, "false", "it is 1; eta = 1",
         lambda M, v, eta, g: (M.d(lambda s: s - eta * g, v), 1 - eta), V, [{"eta": 1}])
    H = {"U3": "real", "h2": "unit"}
    link(D, r"\frac{\partial h^{[3]}}{\partial h^{[2]}} = \left(1 - \tanh^2(U^{[3]} h^{[2]})\right) U^{[3]}", 4,
         "true", "h^{[3]} := tanh(U^{[3]} h^{[2]}) defines h^{[3]}",
         lambda M, U3, h2: (M.d(lambda s: M.tanh(U3 * s), h2), (1 - M.tanh(U3 * h2) ** 2) * U3), H)
    link(D, r"\frac{\partial h^{[3]}}{\partial U^{[3]}} = h^{[2]}", 4, "false",
         "the tanh' factor is missing; U3 = 1, h2 = 1/2",
         lambda M, U3, h2: (M.d(lambda s: M.tanh(s * h2), U3), h2), H, [{"U3": 1, "h2": F(1, 2)}])
    S = {"u": "real", "sp": "real", "xt": "real"}
    link(D, r"\frac{\partial s_t}{\partial x_t} = 1 - s_t^2", 4, "true", "recurrence s_t := tanh(u s_{t-1} + x_t)",
         lambda M, u, sp, xt: (M.d(lambda v: M.tanh(u * sp + v), xt), 1 - M.tanh(u * sp + xt) ** 2), S)
    link(D, r"\frac{\partial s_t}{\partial s_{t-1}} = u\,(1 - s_t^2)", 4, "true", "",
         lambda M, u, sp, xt: (M.d(lambda v: M.tanh(u * v + xt), sp), u * (1 - M.tanh(u * sp + xt) ** 2)), S)
    link(D, r"\frac{\partial s_t}{\partial x_t} = 1 - \tanh^2(x_t)", 4, "false", "u = 1, s_{t-1} = 1, x_t = 0",
         lambda M, u, sp, xt: (M.d(lambda v: M.tanh(u * sp + v), xt), 1 - M.tanh(xt) ** 2), S,
         [{"u": 1, "sp": 1, "xt": 0}])
    import math
    link(D, r"4! = 25", 4, "false", "4! = 24: a numeric claim, not 'no equality'",
         lambda M: (math.factorial(4), 25))
    link(D, r"4! = 24", 4, "true", "", lambda M: (math.factorial(4), 24))
    link(D, r"2^{10} = 1024", 4, "true", "", lambda M: (2 ** 10, 1024))
    link(D, r"\frac{1}{2} + \frac{1}{3} = \frac{2}{5}", 4, "false", "5/6",
         lambda M: (M.num(F(1, 2)) + M.num(F(1, 3)), M.num(F(2, 5))))
    U = {"u": "real"}
    link(D, r"\log(e^u) = 3u", 4, "false", "a claim, not an update rule; u = 1",
         lambda M, u: (M.log(M.exp(u)), 3 * u), U)
    link(D, r"\log(e^u) = u", 4, "true", "u real", lambda M, u: (M.log(M.exp(u)), u), U)
    link(D, r"e^{\log x} = x", 4, "true", "x > 0 wherever the left side is real; must not vanish as x = x",
         lambda M, x: (M.exp(M.log(x)), x), {"x": "real"})
    link(D, r"e^{2\log x} = x^2", 4, "true", "x > 0 where defined",
         lambda M, x: (M.exp(2 * M.log(x)), x ** 2), {"x": "real"})
    link(D, r"\log(e^{u}) + \log(e^{-u}) = 0", 4, "true", "",
         lambda M, u: (M.log(M.exp(u)) + M.log(M.exp(-u)), 0), U)
    AY = {"a": "real", "y": "real"}
    half = lambda M: M.num(F(1, 2))  # noqa: E731
    link(D, r"\frac{\partial L}{\partial a} = a - y", 4, "true", "L := (a - y)^2 / 2",
         lambda M, a, y: (M.d(lambda s: half(M) * (s - y) ** 2, a), a - y), AY)
    link(D, r"L = \frac{1}{2}(y - a)^2", 4, "true",
         "restated under a new heading: equal to the earlier definition", rhs=r"\frac{1}{2}(y - a)^2",
         f=lambda M, a, y: (half(M) * (a - y) ** 2, half(M) * (y - a) ** 2), dom=AY)
    link(D, r"\frac{\partial L}{\partial y} = y - a", 4, "true", "",
         lambda M, a, y: (M.d(lambda s: half(M) * (s - a) ** 2, y), y - a), AY)
    link(D, r"L = \frac{1}{2}(a + y)^2", 4, "false",
         "restated under a new heading, but differs from the definition in force (a = y = 1: 0 vs 2)",
         rhs=r"\frac{1}{2}(a + y)^2",
         f=lambda M, a, y: (half(M) * (a - y) ** 2, half(M) * (a + y) ** 2), dom=AY, special=[{"a": 1, "y": 1}])


# ---------------------------------------------------------------- 5. matrices
def matrices(link):
    X = "matrices.md"
    AB = {"A": (2, 2), "B": (2, 2), "x": (2, 1)}

    def m(file, find, truth, why, f, dom=AB, rhs=None):
        link(file, find, 5, truth, why, f, dom, rhs=rhs, matrix=True)
    m(X, r"A(Bx) = (AB)x", "true", "associativity", lambda M, A, B, x: (A * (B * x), (A * B) * x))
    m(X, r"A(Bx) = (BA)x", "false", "A, B declared 2x2: products do not commute",
      lambda M, A, B, x: (A * (B * x), (B * A) * x))
    m(X, r"(AB)^T = B^T A^T", "true", "", lambda M, A, B, x: ((A * B).T, B.T * A.T))
    m(X, r"(AB)^T = A^T B^T", "false", "order not reversed", lambda M, A, B, x: ((A * B).T, A.T * B.T))
    m(X, r"A + B = B + A", "true", "", lambda M, A, B, x: (A + B, B + A))
    m(X, r"(A + B)^2 = A^2 + 2AB + B^2", "false", "AB != BA",
      lambda M, A, B, x: ((A + B) ** 2, A ** 2 + 2 * A * B + B ** 2))
    m(X, r"(A + B)^2 = A^2 + AB + BA + B^2", "true", "",
      lambda M, A, B, x: ((A + B) ** 2, A ** 2 + A * B + B * A + B ** 2))
    WV = {"W": (2, 2), "V": (2, 2), "x": (2, 1)}
    m(X, r"\mathbf{W}\mathbf{V} = \mathbf{V}\mathbf{W}", "false", "bold capitals are matrices (2x2 fits)",
      lambda M, W, V, x: (W * V, V * W), WV)
    m(X, r"(\mathbf{W}\mathbf{V})\mathbf{x} = \mathbf{W}(\mathbf{V}\mathbf{x})", "true", "associativity",
      lambda M, W, V, x: ((W * V) * x, W * (V * x)), WV)
    UV = {"u": (3, 1), "v": (3, 1)}
    m(X, r"u^T v = v^T u", "true", "dot product is symmetric", lambda M, u, v: (u.T * v, v.T * u), UV)
    m(X, r"(u^T v)^2 = u^T u \, v^T v", "false",
      "Cauchy-Schwarz is an equality only for parallel vectors (u = e1, v = e2: 0 vs 1); true for scalars",
      lambda M, u, v: ((u.T * v) ** 2, (u.T * u) * (v.T * v)), UV)

    def dot_d(M, j, u, v):
        def f(s):
            w = list(u)
            w[j - 1] = s
            return sum(a * b for a, b in zip(w, v))
        return M.d(f, u[j - 1]), v[j - 1]
    link(X, r"\frac{\partial}{\partial u_j} u^T v = v_j", 5, "true", "gradient of a dot product, 1 <= j <= 3",
         dot_d, {"j": ("int", 1, 3), "_": lambda p, rng: {"u": rats(rng, 3), "v": rats(rng, 3), **p}})
    S = {"W2": "real", "A1": "real", "c": "real"}
    link(X, r"W_2 A_1 = A_1 W_2", 5, "true", "plain undeclared names, stated to be numbers (one unit per layer)",
         lambda M, W2, A1, c: (W2 * A1, A1 * W2), S)
    link(X, r"c\,(W_2 + A_1) = c W_2 + c A_1", 5, "true", "distributivity holds in every reading",
         lambda M, W2, A1, c: (c * (W2 + A1), c * W2 + c * A1), S)


# ---------------------------------------------------------------- 6. ambiguous notation
def ambiguous(link):
    X = "ambiguous.md"
    P = {"p": "unit"}
    half = [{"p": F(1, 2)}]

    def two(inv, rec):
        return {"inverse function": inv, "reciprocal": rec}
    logit = lambda M, p: M.log(p / (1 - p))  # noqa: E731
    recip = lambda M, p: 1 / M.sigma(p)  # noqa: E731
    link(X, r"\sigma^{-1}(p) = \log\frac{p}{1 - p} \quad", 6, "ambiguous", "logit as inverse; 1/sigma(p) differs",
         rhs=r"\log\frac{p}{1 - p}", dom=P, special=half,
         readings=two(lambda M, p: (logit(M, p), M.log(p / (1 - p))), lambda M, p: (recip(M, p), M.log(p / (1 - p)))))
    link(X, r"\sigma(\sigma^{-1}(p)) = p", 6, "ambiguous", "true for the inverse, false for the reciprocal",
         rhs="p", dom=P, readings=two(lambda M, p: (M.sigma(logit(M, p)), p), lambda M, p: (M.sigma(recip(M, p)), p)))
    link(X, r"\sigma^{-1}(p)\,\sigma(p) = 1", 6, "ambiguous", "true for the reciprocal only", rhs="1", dom=P,
         readings=two(lambda M, p: (logit(M, p) * M.sigma(p), 1), lambda M, p: (recip(M, p) * M.sigma(p), 1)))
    link(X, r"\left(\sigma^{-1}(p)\right)^2 = \sigma^{-1}(p)\,\sigma^{-1}(p)", 6, "true", "true in both readings",
         rhs=r"\sigma^{-1}(p)\,\sigma^{-1}(p)", dom=P,
         readings=two(lambda M, p: (logit(M, p) ** 2, logit(M, p) * logit(M, p)),
                      lambda M, p: (recip(M, p) ** 2, recip(M, p) * recip(M, p))))
    link(X, r"\sigma^{-1}(p) = \sigma(p) \quad", 6, "false", "p = 1/2: 0 or 1/sigma(1/2) vs sigma(1/2)",
         rhs=r"\sigma(p)", dom=P, special=half, cx="0 < p < 1",
         readings=two(lambda M, p: (logit(M, p), M.sigma(p)), lambda M, p: (recip(M, p), M.sigma(p))))
    XX = {"x": "real"}
    finv = lambda M, x: (x - 1) / 2  # noqa: E731
    frec = lambda M, x: 1 / (2 * x + 1)  # noqa: E731
    f = lambda M, x: 2 * x + 1  # noqa: E731
    link(X, r"f^{-1}(x) = \frac{x - 1}{2}", 6, "ambiguous", "f(x) := 2x + 1: inverse true, reciprocal false",
         dom=XX, readings=two(lambda M, x: (finv(M, x), (x - 1) / 2), lambda M, x: (frec(M, x), (x - 1) / 2)))
    link(X, r"f^{-1}(x) = \frac{1}{2x + 1}", 6, "ambiguous", "reciprocal true, inverse false",
         dom=XX, readings=two(lambda M, x: (finv(M, x), 1 / (2 * x + 1)), lambda M, x: (frec(M, x), 1 / (2 * x + 1))))
    link(X, r"f^{-1}(x) = 2x - 1", 6, "false", "x = 0: -1/2 or 1 vs -1", dom=XX, special=[{"x": 0}],
         readings=two(lambda M, x: (finv(M, x), 2 * x - 1), lambda M, x: (frec(M, x), 2 * x - 1)))
    link(X, r"f(f^{-1}(x)) = x", 6, "ambiguous", "inverse true, reciprocal false", rhs="x", dom=XX,
         readings=two(lambda M, x: (f(M, finv(M, x)), x), lambda M, x: (f(M, frec(M, x)), x)))
    link(X, r"2 f^{-1}(x) = f^{-1}(x) + f^{-1}(x)", 6, "true", "both readings", dom=XX,
         readings=two(lambda M, x: (2 * finv(M, x), finv(M, x) + finv(M, x)),
                      lambda M, x: (2 * frec(M, x), frec(M, x) + frec(M, x))))
    SH = {"S": "real", "H": "real"}

    def cp(call, prod):
        return {"S a function (call)": call, "S a number (product)": prod}
    link(X, r"S(H) + S(H) = 2 S(H)", 6, "true", "both readings", dom=SH,
         readings=cp(lambda M, S, H: (M.fn("S")(H) * 2, 2 * M.fn("S")(H)), lambda M, S, H: (S * H + S * H, 2 * S * H)))
    link(X, r"2 S(H) = S(2H)", 6, "ambiguous", "product: 2SH = 2SH; call: 2S(H) != S(2H) for a generic S",
         dom=SH, readings=cp(lambda M, S, H: (2 * M.fn("S")(H), M.fn("S")(2 * H)),
                             lambda M, S, H: (2 * S * H, S * 2 * H)))
    link(X, r"S(H) - S(H) = 1", 6, "false", "0 vs 1 in both readings", dom=SH,
         readings=cp(lambda M, S, H: (M.fn("S")(H) - M.fn("S")(H), 1), lambda M, S, H: (S * H - S * H, 1)))
    AL = {"a": "real", "L": "real", "aL": "real", "aLm1": "real"}

    def pl(power, layer):
        return {"power": power, "layer index": layer}
    link(X, r"a^{L} + a^{L} = 2 a^{L}", 6, "true", "both readings", dom=AL,
         readings=pl(lambda M, a, L, aL, aLm1: (M.pow(a, L) * 2, 2 * M.pow(a, L)),
                     lambda M, a, L, aL, aLm1: (aL + aL, 2 * aL)))
    link(X, r"a^{L} = a \cdot a^{L - 1}", 6, "ambiguous", "power: a^L = a a^(L-1); layer names: unrelated",
         dom=AL, readings=pl(lambda M, a, L, aL, aLm1: (M.pow(a, L), a * M.pow(a, L - 1)),
                             lambda M, a, L, aL, aLm1: (aL, a * aLm1)))
    link(X, r"\frac{\partial}{\partial a} a^{L} = L a^{L - 1}", 6, "ambiguous", "power rule; a layer name a^{L} "
         "does not depend on a", dom=AL,
         readings=pl(lambda M, a, L, aL, aLm1: (M.d(lambda s: M.pow(s, L), a), L * M.pow(a, L - 1)),
                     lambda M, a, L, aL, aLm1: (0, L * aLm1)))
    link(X, r"a^{L} - a^{L} = a", 6, "false", "0 vs a, a = 1", dom=AL,
         readings=pl(lambda M, a, L, aL, aLm1: (M.pow(a, L) - M.pow(a, L), a),
                     lambda M, a, L, aL, aLm1: (aL - aL, a)))


def error_e(link):
    X = "error_e.md"
    Y = {"yhat": "real", "y": "real", "z": "real"}

    def ee(euler, name):
        return {"e^{...} is Euler's number": euler, "e^{...} is the defined name e": name}
    half = lambda M: M.num(F(1, 2))  # noqa: E731
    link(X, r"\frac{\partial C}{\partial \hat{y}} = e $$", 6, "ambiguous",
         "C = e^2/2: with e the error, dC/dyhat = yhat - y = e; with Euler's e, C is constant", rhs="e",
         dom=Y, readings=ee(lambda M, yhat, y, z: (M.d(lambda s: half(M) * M.E ** 2, yhat), yhat - y),
                            lambda M, yhat, y, z: (M.d(lambda s: half(M) * (s - y) ** 2, yhat), yhat - y)))
    link(X, r"\frac{\partial C}{\partial \hat{y}} = \hat{y} + y", 6, "false", "yhat = y = 1: 0 vs 2 in both readings",
         dom=Y, special=[{"yhat": 1, "y": 1}],
         readings=ee(lambda M, yhat, y, z: (M.d(lambda s: half(M) * M.E ** 2, yhat), yhat + y),
                     lambda M, yhat, y, z: (M.d(lambda s: half(M) * (s - y) ** 2, yhat), yhat + y)))
    link(X, r"e^{2} e^{3} = e^{5}", 6, "true", "both readings", dom=Y,
         readings=ee(lambda M, yhat, y, z: (M.E ** 2 * M.E ** 3, M.E ** 5),
                     lambda M, yhat, y, z: ((yhat - y) ** 2 * (yhat - y) ** 3, (yhat - y) ** 5)))
    link(X, r"e^{\log 2} = 2", 6, "ambiguous", "Euler: 2; name: (yhat - y)^(log 2)", dom=Y,
         readings=ee(lambda M, yhat, y, z: (M.exp(M.log(2)), 2),
                     lambda M, yhat, y, z: (M.pow(yhat - y, M.log(2)), 2)))
    link(X, r"\frac{d}{dz} e^{z} = e^{z}", 6, "ambiguous", "Euler: true; name e = 2: e^z log 2 != e^z", dom=Y,
         readings=ee(lambda M, yhat, y, z: (M.d(M.exp, z), M.exp(z)),
                     lambda M, yhat, y, z: (M.d(lambda s: M.pow(yhat - y, s), z), M.pow(yhat - y, z))))
    link(X, r"\sigma(z) = \frac{1}{1 + e^{-z}}", 6, "ambiguous", "the sigmoid only if e is Euler's number",
         dom=Y, readings=ee(lambda M, yhat, y, z: (M.sigma(z), 1 / (1 + M.exp(-z))),
                            lambda M, yhat, y, z: (M.sigma(z), 1 / (1 + M.pow(yhat - y, -z)))))
    link(X, r"e^{2} = 2e", 6, "false", "lone e is the error: yhat - y = 1 gives e^2 = 7.39 or 1 vs 2", dom=Y,
         special=[{"yhat": 1, "y": 0}],
         readings=ee(lambda M, yhat, y, z: (M.E ** 2, 2 * (yhat - y)),
                     lambda M, yhat, y, z: ((yhat - y) ** 2, 2 * (yhat - y))))


# ---------------------------------------------------------------- 7. indices
def batch(p, rng):
    m = p["m"]
    return {"j": rng.randint(1, m), "w": Fr(rng.randint(-15, 15), 5), "x": rats(rng, m), "y": rats(rng, m), **p}


def indices(link):
    X = "indices.md"
    B = {"m": ("int", 1, 4), "_": batch}

    def J(M, m, w, x, y):
        return sum((w * xi - yi) ** 2 for xi, yi in zip(x, y)) / m

    def d_entry(M, fn, vec, j):
        def g(s):
            v = list(vec)
            v[j - 1] = s
            return fn(v)
        return M.d(g, vec[j - 1])
    link(X, r"\frac{\partial J}{\partial w} = \frac{2}{m}\sum_{i=1}^{m} (w x_i - y_i) x_i", 7, "true", "",
         lambda M, m, j, w, x, y: (M.d(lambda s: J(M, m, s, x, y), w),
                                   2 * sum((w * xi - yi) * xi for xi, yi in zip(x, y)) / m), B)
    link(X, r"\frac{\partial J}{\partial y_j} = -\frac{2}{m}(w x_j - y_j)", 7, "true",
         "for 1 <= j <= m (the batch); j = 0 would make the left side 0",
         lambda M, m, j, w, x, y: (d_entry(M, lambda v: J(M, m, w, x, v), y, j), -2 * (w * x[j - 1] - y[j - 1]) / m), B)
    link(X, r"\frac{\partial J}{\partial y_j} = \frac{2}{m}(w x_j - y_j)", 7, "false", "sign; m = 1, w = 1, x = 1, y = 0",
         lambda M, m, j, w, x, y: (d_entry(M, lambda v: J(M, m, w, x, v), y, j), 2 * (w * x[j - 1] - y[j - 1]) / m), B,
         [{"m": 1, "j": 1, "w": 1, "x": [F(1)], "y": [F(0)]}], cx="1 <= j <= m")
    link(X, r"\frac{\partial J}{\partial x_j} = \frac{2}{m}(w x_j - y_j)\, w", 7, "true", "",
         lambda M, m, j, w, x, y: (d_entry(M, lambda v: J(M, m, w, v, y), x, j), 2 * (w * x[j - 1] - y[j - 1]) * w / m), B)

    def neuron(p, rng):
        n = p["n"]
        return {"j": rng.randint(1, n), "w": rats(rng, n), "x": rats(rng, n), "b": Fr(rng.randint(-9, 9), 3), **p}
    N = {"n": ("int", 1, 4), "_": neuron}

    def z(w, x, b):
        return sum(a * c for a, c in zip(w, x)) + b
    link(X, r"\frac{\partial z}{\partial w_j} = x_j $$", 7, "true", "1 <= j <= n", rhs="x_j",
         f=lambda M, n, j, w, x, b: (d_entry(M, lambda v: z(v, x, b), w, j), x[j - 1]), dom=N)
    link(X, r"\frac{\partial z}{\partial x_j} = w_j", 7, "true", "1 <= j <= n",
         lambda M, n, j, w, x, b: (d_entry(M, lambda v: z(w, v, b), x, j), w[j - 1]), N)
    link(X, r"\frac{\partial z}{\partial w_j} = x_j + b", 7, "false", "b = 1",
         lambda M, n, j, w, x, b: (d_entry(M, lambda v: z(v, x, b), w, j), x[j - 1] + b), N,
         [{"n": 1, "j": 1, "w": [F(1)], "x": [F(1)], "b": F(1)}], cx="1 <= j <= n")
    link(X, r"\frac{\partial z}{\partial b} = n", 7, "false", "it is 1; n = 2",
         lambda M, n, j, w, x, b: (M.d(lambda s: z(w, x, s), b), n), N)

    def mean(x):
        return sum(x) / len(x)

    def var(x):
        mu = mean(x)
        return sum((xi - mu) ** 2 for xi in x) / len(x)
    link(X, r"\frac{\partial \bar{x}}{\partial x_j} = \frac{1}{m}", 7, "true", "1 <= j <= m",
         lambda M, m, j, w, x, y: (d_entry(M, mean, x, j), M.num(F(1)) / m), B)
    link(X, r"\frac{\partial v}{\partial x_j} = \frac{2}{m}(x_j - \bar{x}) $$", 7, "true",
         "the terms through x-bar sum to zero", rhs=r"\frac{2}{m}(x_j - \bar{x})",
         f=lambda M, m, j, w, x, y: (d_entry(M, var, x, j), 2 * (x[j - 1] - mean(x)) / m), dom=B)
    link(X, r"\frac{\partial v}{\partial x_j} = \frac{2}{m}(x_j - \bar{x})\left(1 - \frac{1}{m}\right)", 7, "false",
         "extra factor; m = 2, x = (1, 0), j = 1: 1/2 vs 1/4",
         lambda M, m, j, w, x, y: (d_entry(M, var, x, j), 2 * (x[j - 1] - mean(x)) * (1 - M.num(F(1)) / m) / m), B,
         [{"m": 2, "j": 1, "w": 0, "x": [F(1), F(0)], "y": [F(0), F(0)]}], cx="1 <= j <= m")


# ---------------------------------------------------------------- 8. real values only
def real_values(link):
    R = "real_values.md"
    X = {"x": "real"}
    XY = {"x": "real", "y": "real"}
    link(R, r"\sqrt{x}\sqrt{x^3} = x\sqrt{x}\sqrt{x}", 8, "true",
         "both sides real only for x >= 0, where both are x^2 (x = -1/3 is not a real counterexample)",
         lambda M, x: (M.sqrt(x) * M.sqrt(x ** 3), x * M.sqrt(x) * M.sqrt(x)), X, [{"x": F(-1, 3)}, {"x": 0}])
    link(R, r"\sqrt{x}\sqrt{x^3} = x^2", 8, "true", "x >= 0 where real",
         lambda M, x: (M.sqrt(x) * M.sqrt(x ** 3), x ** 2), X, [{"x": F(-1, 3)}])
    link(R, r"\left(\sqrt{x}\right)^2 = x", 8, "true", "x >= 0 where real",
         lambda M, x: (M.sqrt(x) ** 2, x), X)
    link(R, r"$$ \sqrt{x^2} = x $$", 8, "false", "x = -1: 1 vs -1, both real", rhs="x",
         f=lambda M, x: (M.sqrt(x ** 2), x), dom=X, special=[{"x": -1}])
    link(R, r"\sqrt{x^2} = |x|", 8, "true", "", lambda M, x: (M.sqrt(x ** 2), M.abs(x)), X)
    link(R, r"\sqrt{x}\,\sqrt{y} = \sqrt{xy}", 8, "true",
         "where every root is real (x, y >= 0); x = y = -1 reaches -1 only through i * i",
         lambda M, x, y: (M.sqrt(x) * M.sqrt(y), M.sqrt(x * y)), XY, [{"x": -1, "y": -1}])
    link(R, r"\sqrt{x^2 y^2} = xy", 8, "false", "x = -1, y = 1: 1 vs -1",
         lambda M, x, y: (M.sqrt(x ** 2 * y ** 2), x * y), XY, [{"x": -1, "y": 1}])
    link(R, r"\sqrt{x - 1}\,\sqrt{x - 1} = x - 1", 8, "true", "x >= 1 where real",
         lambda M, x: (M.sqrt(x - 1) * M.sqrt(x - 1), x - 1), X)
    link(R, r"\log(x^2) = 2\log|x|", 8, "true", "x != 0",
         lambda M, x: (M.log(x ** 2), 2 * M.log(M.abs(x))), X)
    link(R, r"\log(x^2) = 2\log x \quad \text{for } x > 0", 8, "true", "", rhs=r"2\log x",
         f=lambda M, x: (M.log(x ** 2), 2 * M.log(x)), dom={"x": "pos"})
    link(R, r"$$ \log(x^2) = 2\log x $$", 8, "true",
         "equal wherever the right side is real (x > 0); for x < 0 the right side is not real, so no refutation",
         rhs=r"2\log x", f=lambda M, x: (M.log(x ** 2), 2 * M.log(x)), dom=X, special=[{"x": -1}])
    AB = {"a": "real", "b": "real"}
    link(R, r"\log(ab) = \log a + \log b", 8, "true",
         "real only for a, b > 0, where it holds; a = b = -1 gives a non-real right side",
         lambda M, a, b: (M.log(a * b), M.log(a) + M.log(b)), AB, [{"a": -1, "b": -1}])
    link(R, r"\log(ab) = \log a \cdot \log b", 8, "false", "a = b = 2",
         lambda M, a, b: (M.log(a * b), M.log(a) * M.log(b)), AB, [{"a": 2, "b": 2}])
    link(R, r"\frac{d}{dx}\sqrt{x} = \frac{1}{2\sqrt{x}}", 8, "true", "x > 0",
         lambda M, x: (nz(M, x), M.d(M.sqrt, x), 1 / (2 * M.sqrt(x)))[1:], X)
    link(R, r"\frac{d}{dx}\log(x^2) = \frac{2}{x}", 8, "true", "x != 0, negative x included",
         lambda M, x: (M.d(lambda s: M.log(s ** 2), x), 2 / x), X, [{"x": -1}])
    link(R, r"\frac{d}{dx}\log(x^2) = \frac{1}{x}", 8, "false", "x = 1: 2 vs 1",
         lambda M, x: (M.d(lambda s: M.log(s ** 2), x), 1 / x), X, [{"x": 1}])


# ---------------------------------------------------------------- baseline backprop
def backprop(link):
    X = "backprop.md"
    LR = {"w": "real", "x": "real", "b": "real", "y": "real"}

    def J_of_a(M, a, y):
        return -(y * M.log(a) + (1 - y) * M.log(1 - a))

    def J_of(M, w, x, b, y):
        return J_of_a(M, M.sigma(w * x + b), y)

    def lr(rhs):
        def f(M, w, x, b, y):
            a = M.sigma(w * x + b)
            return rhs(M, w, x, b, y, a)
        return f
    dJz = lambda M, w, x, b, y, a: M.d(lambda s: J_of_a(M, M.sigma(s), y), w * x + b)  # noqa: E731
    dJw = lambda M, w, x, b, y, a: M.d(lambda s: J_of(M, s, x, b, y), w)  # noqa: E731
    dJa = lambda M, w, x, b, y, a: M.d(lambda s: J_of_a(M, s, y), a)  # noqa: E731
    dza = lambda M, w, x, b, y, a: a * (1 - a)  # noqa: E731
    B = "baseline"
    link(X, r"\frac{\partial J}{\partial a} = -\frac{y}{a} + \frac{1 - y}{1 - a}", B, "true", "BCE in a",
         lr(lambda M, w, x, b, y, a: (dJa(M, w, x, b, y, a), -y / a + (1 - y) / (1 - a))), LR)
    link(X, r"\frac{\partial a}{\partial z} = a(1 - a)", B, "true", "sigmoid'",
         lr(lambda M, w, x, b, y, a: (M.d(M.sigma, w * x + b), a * (1 - a))), LR)
    link(X, r"$$ \frac{\partial J}{\partial z} = a - y $$", B, "true", "BCE through sigmoid", rhs="a - y",
         f=lr(lambda M, w, x, b, y, a: (dJz(M, w, x, b, y, a), a - y)), dom=LR)
    link(X, r"\frac{\partial J}{\partial z} = y - a", B, "false", "sign",
         lr(lambda M, w, x, b, y, a: (dJz(M, w, x, b, y, a), y - a)), LR)
    link(X, r"\frac{\partial J}{\partial w} = (a - y)\, x", B, "true", "",
         lr(lambda M, w, x, b, y, a: (dJw(M, w, x, b, y, a), (a - y) * x)), LR)
    link(X, r"\frac{\partial J}{\partial w} = a - y", B, "false", "the factor x is missing; x = 2",
         lr(lambda M, w, x, b, y, a: (dJw(M, w, x, b, y, a), a - y)), LR)
    link(X, r"\frac{\partial J}{\partial b} = a - y", B, "true", "",
         lr(lambda M, w, x, b, y, a: (M.d(lambda s: J_of(M, w, x, s, y), b), a - y)), LR)
    link(X, r"\frac{\partial J}{\partial w} = \frac{\partial J}{\partial a}\frac{\partial a}{\partial z}\frac{\partial z}{\partial w}",
         B, "true", "chain rule",
         lr(lambda M, w, x, b, y, a: (dJw(M, w, x, b, y, a), dJa(M, w, x, b, y, a) * dza(M, w, x, b, y, a) * x)), LR)
    link(X, r"&= \frac{\partial J}{\partial a}\,\frac{\partial a}{\partial z} \\", B, "true", "chain rule",
         lr(lambda M, w, x, b, y, a: (dJz(M, w, x, b, y, a), dJa(M, w, x, b, y, a) * dza(M, w, x, b, y, a))), LR,
         rhs=r"\frac{\partial J}{\partial a}\,\frac{\partial a}{\partial z}")
    link(X, r"&= \frac{a - y}{a(1 - a)}\; a(1 - a) \\", B, "true", "", rhs=r"\frac{a - y}{a(1 - a)}\; a(1 - a)",
         f=lr(lambda M, w, x, b, y, a: (dJa(M, w, x, b, y, a) * dza(M, w, x, b, y, a),
                                        (a - y) / (a * (1 - a)) * a * (1 - a))), dom=LR)
    link(X, r"&= a - y", B, "true", "cancel a(1 - a)", rhs="a - y",
         f=lr(lambda M, w, x, b, y, a: ((a - y) / (a * (1 - a)) * a * (1 - a), a - y)), dom=LR)
    Z = {"z": "real"}
    e1 = lambda M, z: M.exp(-z) / (1 + M.exp(-z)) ** 2  # noqa: E731
    e2 = lambda M, z: 1 / (1 + M.exp(-z)) * (M.exp(-z) / (1 + M.exp(-z)))  # noqa: E731
    link(X, r"\frac{d}{dz}\sigma(z) &= \frac{e^{-z}}{(1 + e^{-z})^2} \\", B, "true", "",
         lambda M, z: (M.d(M.sigma, z), e1(M, z)), Z, rhs=r"\frac{e^{-z}}{(1 + e^{-z})^2}")
    link(X, r"&= \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}} \\", B, "true", "",
         lambda M, z: (e1(M, z), e2(M, z)), Z, rhs=r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}")
    link(X, r"&= \sigma(z)\left(1 + \sigma(z)\right)", B, "false", "the previous row is sigma(1 - sigma); z = 0",
         lambda M, z: (e2(M, z), M.sigma(z) * (1 + M.sigma(z))), Z, rhs=r"\sigma(z)\left(1 + \sigma(z)\right)")
    link(X, r"\sigma'(z) = \sigma(z)\left(1 - \sigma(z)\right)", B, "true", "",
         lambda M, z: (M.d(M.sigma, z), M.sigma(z) * (1 - M.sigma(z))), Z)
    link(X, r"\sigma'(z) = \sigma(z)^2", B, "false", "equal at z = 0 only; z = 1: 0.197 vs 0.534",
         lambda M, z: (M.d(M.sigma, z), M.sigma(z) ** 2), Z)
    TL = {"w1": "real", "x": "real", "b1": "real", "w2": "real", "b2": "real", "y": "real"}

    def net(M, w1, x, b1, w2, b2, y):
        return (M.sigma(w2 * M.relu(w1 * x + b1) + b2) - y) ** 2

    def two(rhs, wrt):
        def f(M, w1, x, b1, w2, b2, y):
            z1 = w1 * x + b1
            h = M.relu(z1)
            yh = M.sigma(w2 * h + b2)
            p = dict(w1=w1, x=x, b1=b1, w2=w2, b2=b2, y=y)
            if wrt == "z2":
                lhs = M.d(lambda s: (M.sigma(s) - y) ** 2, w2 * h + b2)
            else:
                if wrt in ("w1", "b1"):
                    nz(M, z1)
                lhs = M.d(lambda s: net(M, **{**p, wrt: s}), p[wrt])
            return lhs, rhs(M, z1, h, yh, w2, x, y)
        return f
    g = lambda M, yh, y: 2 * (yh - y) * yh * (1 - yh)  # noqa: E731
    link(X, r"\frac{\partial C}{\partial z_2} = 2(\hat{y} - y)\,\hat{y}(1 - \hat{y}) $$", B, "true", "",
         two(lambda M, z1, h, yh, w2, x, y: g(M, yh, y), "z2"), TL, rhs=r"2(\hat{y} - y)\,\hat{y}(1 - \hat{y})")
    link(X, r"\frac{\partial C}{\partial w_2} = 2(\hat{y} - y)\,\hat{y}(1 - \hat{y})\, h", B, "true", "",
         two(lambda M, z1, h, yh, w2, x, y: g(M, yh, y) * h, "w2"), TL)
    link(X, r"w_2\, \mathbb{1}[z_1 > 0]\, x", B, "true", "ReLU' as the indicator; z_1 = 0 excluded (no derivative)",
         two(lambda M, z1, h, yh, w2, x, y: g(M, yh, y) * w2 * M.ind(z1 > 0) * x, "w1"), TL,
         rhs=r"2(\hat{y} - y)\,\hat{y}(1 - \hat{y})\, w_2\, \mathbb{1}[z_1 > 0]\, x")
    link(X, r"\hat{y}(1 - \hat{y})\, w_2\, x $$", B, "false", "the indicator is missing: wrong where z_1 < 0",
         two(lambda M, z1, h, yh, w2, x, y: g(M, yh, y) * w2 * x, "w1"), TL,
         rhs=r"2(\hat{y} - y)\,\hat{y}(1 - \hat{y})\, w_2\, x")
    link(X, r"\frac{\partial C}{\partial b_2} = 2(\hat{y} - y) $$", B, "false", "sigmoid' factor missing",
         two(lambda M, z1, h, yh, w2, x, y: 2 * (yh - y), "b2"), TL, rhs=r"2(\hat{y} - y)")
    WX = {"w": "real", "x": "real", "y": "real"}
    half = lambda M: M.num(F(1, 2))  # noqa: E731
    link(X, r"\frac{1}{2}(w x - y)^2 = (w x - y)\, x", B, "true", "",
         lambda M, w, x, y: (M.d(lambda s: half(M) * (s * x - y) ** 2, w), (w * x - y) * x), WX)
    link(X, r"\frac{1}{2}(w x - y)^2 = w x - y", B, "false", "factor x missing; x = 2",
         lambda M, w, x, y: (M.d(lambda s: half(M) * (s * x - y) ** 2, w), w * x - y), WX)
    link(X, r"\frac{d}{dx} x^{-1} = -x^{-2}", B, "true", "x != 0",
         lambda M, x: (nz(M, x), M.d(lambda s: 1 / s, x), -1 / x ** 2)[1:], {"x": "real"})
    link(X, r"\frac{d}{dx} \sin(x^2) = 2x\cos(x^2)", B, "true", "",
         lambda M, x: (M.d(lambda s: M.sin(s ** 2), x), 2 * x * M.cos(x ** 2)), {"x": "real"})
    link(X, r"\frac{d}{dx} \sin(x^2) = \cos(x^2)", B, "false", "chain rule factor 2x missing",
         lambda M, x: (M.d(lambda s: M.sin(s ** 2), x), M.cos(x ** 2)), {"x": "real"})
