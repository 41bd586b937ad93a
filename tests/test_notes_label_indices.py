"""A label as an index (issue 12): ``q_{c_j}`` is the entry of q at the label c_j of example j.

Expected verdicts are elementary. With q_i = e^{s_i} / sum_k e^{s_k} and real scores,
log q_c = s_c - log sum_k e^{s_k} for every label c, so the sum over examples of either side agrees
(proved). Dropping the log-sum term is false (m = 1, n = 2, s = (0, 0), c_1 = 1: log(1/2) against 0),
adding 1 to a sum is false, and d/ds_i of sum_j s_{c_j} is the number of examples labelled i, not 0
(m = 1, c_1 = i gives 1). These false lines are never proved; they are not refuted either, because a
counterexample would choose labels freely while the notes' range for them is not read.
"""
from tests.conftest import link_on

LABELS = r"""# Labels as indices

Labels $c_j \in \{1, \dots, n\}$ and scores $s_i$, $i \in \{1, \dots, n\}$.

$$q_i = \frac{e^{s_i}}{\sum_{k=1}^n e^{s_k}}$$

$$L = -\sum_{j=1}^m \log q_{c_j}$$

$$L = -\sum_{j=1}^m \left[s_{c_j} - \log\sum_{k=1}^n e^{s_k}\right]$$
"""

DROPPED_TERM = r"""# Labels as indices, a term dropped

$$q_i = \frac{e^{s_i}}{\sum_{k=1}^n e^{s_k}}$$

$$L = -\sum_{j=1}^m \log q_{c_j}$$

$$L = -\sum_{j=1}^m s_{c_j}$$
"""

PLUS_ONE = r"""# A sum over labelled entries, plus one

$$\sum_{j=1}^m s_{c_{j}} = \sum_{j=1}^m s_{c_j} + 1$$
"""

BRACED = r"""# The same label, braced or not

$$\sum_{j=1}^m s_{c_{j}} = \sum_{j=1}^m s_{c_j}$$
"""

DERIVATIVE = r"""# The derivative of a labelled sum

$$\frac{d}{d s_i} \sum_{j=1}^m s_{c_j} = 0$$
"""

NUMBERED = r"""# A label with a number: the name c_1 or the entry 1 of c?

$$s_{c_1} + 1 = 1 + s_{c_1}$$
"""


def test_a_label_as_index_is_proved_when_it_holds_for_every_label(checked):
    link = link_on(checked(LABELS), LABELS, r"$$L = -\sum_{j=1}^m \left[s_{c_j} - \log\sum_{k=1}^n e^{s_k}\right]$$")
    assert link.verdict == "proved"


def test_a_dropped_term_under_a_label_is_not_proved(checked):
    link = link_on(checked(DROPPED_TERM), DROPPED_TERM, r"$$L = -\sum_{j=1}^m s_{c_j}$$")
    assert link.verdict == "undecided"


def test_a_false_line_with_labels_names_the_label_and_is_not_refuted(checked):
    text = r"$$\sum_{j=1}^m s_{c_{j}} = \sum_{j=1}^m s_{c_j} + 1$$"
    link = link_on(checked(PLUS_ONE), PLUS_ONE, text)
    assert link.verdict == "undecided" and link.counterexample is None


def test_braces_around_the_label_do_not_change_it(checked):
    text = r"$$\sum_{j=1}^m s_{c_{j}} = \sum_{j=1}^m s_{c_j}$$"
    assert link_on(checked(BRACED), BRACED, text).verdict == "proved"


def test_the_derivative_of_a_labelled_entry_is_not_taken_as_zero(checked):
    text = r"$$\frac{d}{d s_i} \sum_{j=1}^m s_{c_j} = 0$$"
    assert link_on(checked(DERIVATIVE), DERIVATIVE, text).verdict == "undecided"


def test_a_numbered_label_stays_unparsed(checked):
    text = r"$$s_{c_1} + 1 = 1 + s_{c_1}$$"
    assert link_on(checked(NUMBERED), NUMBERED, text).verdict == "unparsed"


SHIFTED = r"""# A labelled entry plus one

$$s_{c_j} + 1 = s_{c_j}$$
"""

SAME_ENTRY = r"""# The label's entry is the same name before and after it is used as an index

$$u = c_j + 1$$

$$\sum_{k=1}^m s_{c_k} = \sum_{k=1}^m s_{c_k}$$

$$u = 1 + c_j$$
"""


def test_a_refutation_resting_on_a_label_is_undecided_and_says_why(checked):
    link = link_on(checked(SHIFTED), SHIFTED, r"$$s_{c_j} + 1 = s_{c_j}$$")
    assert link.verdict == "undecided" and "label c[j]" in link.message


def test_an_entry_read_before_and_after_its_use_as_a_label_is_one_name(checked):
    assert link_on(checked(SAME_ENTRY), SAME_ENTRY, r"$$u = 1 + c_j$$").verdict == "proved"
