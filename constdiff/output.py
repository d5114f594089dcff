"""Writing a report file: never over an input, never half a file.

A report is written to a temporary file beside its target and renamed into place only
when complete, so a failed run leaves the previous file (or none), never a truncated one.
A target that is not a regular file (``/dev/stdout``, a pipe) is written directly: renaming
over it would replace the device or pipe itself.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from typing import IO, Callable, Iterable

from constdiff.errors import OutputError


def refuse_inputs(output: str, inputs: Iterable[str | None]) -> None:
    """Refuse an output that is one of the inputs, by device and inode (a symlink, a hard link
    or another spelling of the path is the same file)."""
    InputFiles(inputs).refuse(output)


class InputFiles:
    """The inputs that are files here, each looked up once by device and inode: a batch checks
    each of its thousands of reports against the thousands of files its jobs read."""

    def __init__(self, inputs: Iterable[str | None]) -> None:
        self.by_identity: dict[tuple[int, int], str] = {}
        for source in inputs:
            if not source or source == "-":
                continue
            try:
                found = os.stat(source)
            except (OSError, ValueError):
                continue  # a URL, or a file the loader will report on (ValueError: a NUL byte in the name)
            self.by_identity.setdefault((found.st_dev, found.st_ino), source)

    def refuse(self, output: str) -> None:
        """``OutputError`` when ``output`` is one of the inputs."""
        try:
            target = os.stat(output)
        except OSError:
            return  # nothing there yet: nothing to overwrite
        source = self.by_identity.get((target.st_dev, target.st_ino))
        if source is not None:
            raise OutputError(output, f"is the same file as the input {source}; the report would overwrite it")


def write_report(output: str, write: Callable[[IO[str]], None]) -> None:
    """Call ``write`` with a text handle whose content becomes ``output`` only once complete."""
    import tempfile  # with shutil, random and the compressors: 5 ms that a report to standard output never needs

    try:
        if os.path.exists(output) and not stat.S_ISREG(os.stat(output).st_mode):
            with open(output, "w", encoding="utf-8") as handle:
                write(handle)
            return
        directory = os.path.dirname(os.path.abspath(output))
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(output)}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(output, f"cannot be written: {error.strerror or error}") from error
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            write(handle)
        os.chmod(temporary, _DEFAULT_MODE)
        os.replace(temporary, output)
    except BaseException as error:  # whatever stopped it, no half-written file stays behind
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(output, f"cannot be written: {error.strerror or error}") from error
        raise


def _default_mode() -> int:
    """What ``open()`` would give a new file under the current umask (mkstemp makes it private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_DEFAULT_MODE = _default_mode()
