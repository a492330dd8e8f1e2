"""Safe output: every file is written to a temporary file beside it and renamed into place.

A failed run never leaves a half-written or truncated output: :func:`write_atomic` writes one
file, :func:`write_atomic_many` several files that belong together (all of them are written to
temporary files first and renamed only when every one is complete; targets replaced before a
failed rename are restored). :func:`check_target` refuses
an output path that cannot be written before any work is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pyr_heatmap.errors import InputError, OutputError

__all__ = ["check_target", "write_atomic", "write_atomic_many"]


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def check_target(path: str | os.PathLike[str], what: str = "the output") -> Path:
    """Raise :class:`InputError` when ``path`` cannot be an output file; return it as a Path.

    The folder must exist and be a folder (a regular file in the path, as in
    ``"notes.txt/fig.png"``, is named as such), and ``path`` itself must not be a folder.
    """
    target = Path(path)
    folder = _folder(target)
    if not folder.is_dir():
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise InputError(
                f"{what} {str(target)!r} cannot be written: {str(existing)!r} is a file, not a "
                f"folder; choose a path in an existing folder"
            )
        raise InputError(
            f"{what} {str(target)!r} cannot be written: the folder {str(folder)!r} does not "
            f"exist; create it first"
        )
    if target.is_dir():
        raise InputError(f"{what} {str(target)!r} is a folder; give a file name")
    return target


def _failed(target: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"cannot write {str(target)!r}: {reason}. Check that its folder exists and is writable "
        f"and that the disk has space; nothing was written"
    )


def _stage(target: Path, write: Callable[[IO[Any]], object], mode: str) -> str:
    """Write a complete temporary file beside ``target``; returns its path."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                   dir=_folder(target))
    except OSError as exc:
        raise _failed(target, exc) from exc
    try:
        with os.fdopen(fd, mode) as fh:
            write(fh)
        # mkstemp creates the file private (0600); give it the mode a plain open() would have
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise _failed(target, exc) from exc
        raise
    return tmp


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


class _Terminated(BaseException):
    """SIGTERM arrived while files were being written (unwinds through the clean-up code)."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated(signum, frame)


@contextlib.contextmanager
def _sigterm_cleans_up() -> Iterator[None]:
    """While the block runs, SIGTERM unwinds it like Ctrl-C (temporary files removed, replaced
    targets restored), then gets the process's previous SIGTERM behaviour: the default ends the
    process with the usual status, a handler of the program's own is called. Only in the main
    thread (Python runs signal handlers there), and not where SIGTERM is ignored or handled
    outside Python. SIGKILL cannot be caught: it can leave a ``.NAME.part`` file beside the
    target, but the target itself is never damaged (it is only ever replaced by a rename)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.getsignal(signal.SIGTERM)
    except (ValueError, AttributeError):  # pragma: no cover - platforms without SIGTERM
        yield
        return
    if previous in (signal.SIG_IGN, None) or previous is _raise_terminated:
        yield  # ignored, set outside Python, or a save inside a save: nothing to add
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    except _Terminated as stop:
        signal.signal(signal.SIGTERM, previous)
        if previous is signal.SIG_DFL:
            os.kill(os.getpid(), signal.SIGTERM)  # ends the process as SIGTERM does
        elif callable(previous):
            previous(*stop.args)
        raise OutputError("terminated (SIGTERM) while writing; nothing was written") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[Any]], object],
                 mode: str = "wb") -> Path:
    """Call ``write(fh)`` on a temporary file in the target's folder, then rename it to ``path``.

    If ``write`` raises, or the process gets SIGINT or SIGTERM, the temporary file is removed and
    an existing ``path`` is left untouched, so a failed run never leaves a half-written or
    truncated output. SIGKILL cannot be caught: it can leave the ``.NAME.part`` temporary file
    beside the target, but never a damaged target.

    Raises
    ------
    OutputError
        The file cannot be created or written (no such folder, no permission, disk full); the
        message names the file. Errors raised by ``write`` itself pass through unchanged.
    """
    target = Path(path)
    with _sigterm_cleans_up():
        tmp = _stage(target, write, mode)
        try:
            os.replace(tmp, target)
        except BaseException as exc:
            _remove(tmp)
            if isinstance(exc, OSError):
                raise _failed(target, exc) from exc
            raise
    return target


def write_atomic_many(files: Mapping[str | os.PathLike[str], bytes]) -> list[Path]:
    """Write several files that belong together, all or nothing.

    Every file is first written completely to a temporary file beside its target; only when all
    of them are written are they renamed into place. If any write fails, every temporary file
    is removed and no target is touched. While the files are renamed, each existing target is
    kept as a backup (a hard link, or a copy where the file system has none); if a rename fails,
    the targets already replaced are put back from their backups and the ones that did not
    exist before are removed, so either every target is new or every target is as it was.

    Returns
    -------
    list of pathlib.Path
        The targets, in the order given.

    Raises
    ------
    OutputError
        A file cannot be created or written (the message names it).
    """
    with _sigterm_cleans_up():
        return _write_many(files)


def _write_many(files: Mapping[str | os.PathLike[str], bytes]) -> list[Path]:
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            target = Path(path)
            staged.append((_stage(target, lambda fh, d=data: fh.write(d), "wb"), target))
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise
    replaced: list[tuple[Path, str | None]] = []  # (target, its backup or None if it was new)
    try:
        for tmp, target in staged:
            backup = _backup(target)
            try:
                os.replace(tmp, target)
            except BaseException:
                if backup is not None:
                    _remove(backup)
                raise
            replaced.append((target, backup))
    except BaseException as exc:
        failed = staged[len(replaced)][1]
        _roll_back(replaced)
        for tmp, _ in staged[len(replaced):]:
            _remove(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise _failed(failed, exc) from exc
        raise
    for _, backup in replaced:
        if backup is not None:
            _remove(backup)
    return [target for _, target in staged]


def _backup(target: Path) -> str | None:
    """A second name for ``target``'s current content (None when there is no file to keep)."""
    if not target.is_file():
        return None
    import secrets
    import shutil

    for _ in range(100):
        backup = str(_folder(target) / f".{target.name}.{secrets.token_hex(4)}.bak")
        try:
            os.link(target, backup)
            return backup
        except FileExistsError:
            continue
        except OSError:  # no hard links here: a copy instead
            try:
                shutil.copy2(target, backup)
            except OSError as exc:
                _remove(backup)
                raise _failed(target, exc) from exc
            return backup
    raise OutputError(f"cannot keep a backup of {str(target)!r} while replacing it")


def _roll_back(replaced: list[tuple[Path, str | None]]) -> None:
    """Put back the targets replaced so far (newest first); an OutputError names any that could
    not be put back (and where its old content is)."""
    stuck: list[str] = []
    for target, backup in reversed(replaced):
        try:
            if backup is None:
                os.unlink(target)
            else:
                os.replace(backup, target)
        except OSError as exc:  # the folder changed under us: say so, do not hide it
            kept = f" (its previous content is in {backup!r})" if backup else ""
            stuck.append(f"{str(target)!r}{kept}: {exc.strerror or exc}")
    if stuck:
        raise OutputError("writing the outputs failed and these could not be restored: "
                          + "; ".join(stuck))
