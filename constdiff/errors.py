"""One exception type per class of user-facing problem; the CLI prints them as one line, exit 2."""

from __future__ import annotations


class ConstdiffError(Exception):
    """A problem with the user's input or settings, not a bug: shown without a traceback."""

    def __init__(self, source: str, problem: str) -> None:
        # One line whatever the text quoted (a key with a line break, a server's reason): a
        # break is shown as \n, so the message stays one line and says what was there.
        source, problem = _one_line(source), _one_line(problem)
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self) -> tuple[type[ConstdiffError], tuple[str, str]]:
        """Picklable with its two fields: errors raised in a worker process reach the CLI intact."""
        return type(self), (self.source, self.problem)


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0")


class InputError(ConstdiffError):
    """The file cannot be read or decoded, or is not a text we can use."""


class TooFewVersionsError(InputError):
    """A file's history in git has fewer than two versions in the commits asked for: nothing to
    compare.  ``constdiff history`` stops on it; ``constdiff batch`` over a repository's files
    records the file as ``too_few_versions``, not failed (most files of a code are not amended in a
    year)."""


class MissingExtraError(InputError):
    """An optional dependency needed for this format is not installed."""


class ProfileError(ConstdiffError):
    """A language profile is missing, malformed or fails validation."""


class StructureError(ConstdiffError):
    """The text was read but no usable structure was found in it."""


class MappingError(ConstdiffError):
    """A user-supplied article mapping file is malformed or names unknown articles."""


class OutputError(ConstdiffError):
    """The report cannot be written where it was asked for (or would overwrite an input)."""
