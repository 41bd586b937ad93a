"""One exception hierarchy for the library; the CLI turns it into a one-line message and exit 2."""


class GradproofError(Exception):
    """Bad input or usage that the user can fix; the message says what and where."""
