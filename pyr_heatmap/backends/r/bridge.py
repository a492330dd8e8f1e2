"""The bridge to R: finding R, starting it through rpy2, and calling pyr_heatmap's R functions.

This is the only module that imports rpy2, and only inside functions: ``import pyr_heatmap`` works
with neither R nor rpy2 installed.

- :func:`probe` / :func:`check_r` find out whether the R backend can be used and, if not, which
  piece is missing, as a typed :class:`~pyr_heatmap.errors.RUnavailableError` whose message says
  what to install.
- :func:`session` starts R once per process and loads the package's R files (``r/*.R``, shipped
  as ``pyr_heatmap.r``) into a private environment whose parent is R's base environment; nothing
  is written to R's global environment.
- :meth:`RSession.call` calls one of those R functions. Every call runs inside rpy2's
  ``localconverter`` with an explicit converter (rpy2's global conversion is never activated);
  arguments are built with :meth:`RSession.to_r`, so user strings always reach R as character
  vectors (data), never as R code.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.errors import (
    ComplexHeatmapMissingError,
    RBackendError,
    RNotFoundError,
    RPackageMissingError,
    RPy2IncompatibleError,
    RPy2MissingError,
    RUnavailableError,
)

__all__ = [
    "RMatrix",
    "RSession",
    "check_r",
    "packages_for",
    "probe",
    "r_source_files",
    "session",
    "start_r",
]

R_PACKAGES = ("ComplexHeatmap", "circlize")

_PIP_R = 'pip install "pyr_heatmap[r]"'
_ADVICE_RPY2 = (
    f"rpy2 is not installed; install it with {_PIP_R} (rpy2 3.5.x for R 4.0-4.4) or "
    'pip install "pyr_heatmap[r45]" (rpy2 3.6 for R >= 4.5)'
)
_ADVICE_R = (
    "R was not found: install it (Debian/Ubuntu: apt-get install r-base-core) or set R_HOME to "
    "the folder printed by `R RHOME`"
)
_ADVICE_CH = (
    "the R package {pkg} is not installed in R ({version}); install it with "
    "`apt-get install r-bioc-complexheatmap` (Debian/Ubuntu) or, in R, "
    '`install.packages("BiocManager"); BiocManager::install("ComplexHeatmap")`'
)
_ADVICE_CRAN = (
    "the R package {pkg} is not installed in R ({version}); install it with "
    "`apt-get install {debian}` (Debian/Ubuntu) or, in R, `install.packages({quoted})`"
)
# the R packages each front end's drawing functions need (R function name prefix -> packages)
_FRONT_END_PACKAGES = (("pyrhm_pheatmap", ("pheatmap",)),)


def packages_for(fun: str) -> tuple[str, ...]:
    """The R packages that pyr_heatmap's R function ``fun`` needs."""
    for prefix, packages in _FRONT_END_PACKAGES:
        if fun.startswith(prefix):
            return packages
    return R_PACKAGES


# --------------------------------------------------------------------------------------------
# detection; each step is a small function so that tests can replace it
# --------------------------------------------------------------------------------------------
def _import_rpy2() -> Any:
    """Import the rpy2 package (without starting R)."""
    import rpy2

    return rpy2


def _rpy2_version() -> str:
    import importlib.metadata

    import rpy2

    version = getattr(rpy2, "__version__", None)  # rpy2 3.6 (a namespace package) has none
    if version is None:
        try:
            version = importlib.metadata.version("rpy2")
        except importlib.metadata.PackageNotFoundError:
            version = "?"
    return str(version)


def _find_r_home() -> str | None:
    """R's home folder as rpy2 finds it (R_HOME, else ``R RHOME``), or None."""
    import logging

    import rpy2.situation

    # rpy2 logs an error when R is not on the PATH; the caller turns None into a typed error.
    logger = logging.getLogger("rpy2.situation")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return rpy2.situation.get_r_home()
    finally:
        logger.setLevel(level)


def start_r() -> Any:
    """Load R's shared library and start the embedded R (idempotent); returns rpy2.robjects.

    rpy2 prepends R's library folders (``/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu:...``) to
    ``os.environ["LD_LIBRARY_PATH"]`` when it starts R. That is too late to change anything in
    this process (the dynamic loader read the variable at start-up), but every subprocess inherits
    it, and a Python whose ``libpython`` is found through RUNPATH (pyenv and other
    ``--enable-shared`` builds) then loads the system's ``libpython`` instead of its own and
    starts without its site-packages. The variable is therefore put back as it was.
    """
    import logging
    import os

    before = os.environ.get("LD_LIBRARY_PATH")
    # rpy2 3.6 logs two warnings ("Error importing in API mode", "Trying to import in ABI
    # mode") on its way to failing on R < 4.5; the failure itself becomes a typed error
    quiet = logging.getLogger("rpy2.rinterface_lib.openrlib")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        import rpy2.rinterface

        rpy2.rinterface.initr_simple()
        import rpy2.robjects
    finally:
        quiet.setLevel(level)
        if before is None:
            os.environ.pop("LD_LIBRARY_PATH", None)
        else:
            os.environ["LD_LIBRARY_PATH"] = before
    return rpy2.robjects


def _load_errors() -> tuple[type[BaseException], ...]:
    """What loading R through rpy2 raises when the two do not fit: ImportError and OSError from
    the dynamic loader, cffi's ``ffi.error`` ("symbol 'R_getVar' not found", rpy2 3.6 on
    R < 4.5), and AttributeError from a cffi library lacking a function (mixed rpy2 installs)."""
    errors: list[type[BaseException]] = [ImportError, OSError, AttributeError]
    try:
        import _cffi_backend

        errors.append(_cffi_backend.FFI.error)
    except (ImportError, AttributeError):
        pass
    return tuple(errors)


_SYMBOL_HINTS = ("R_getVar", "undefined symbol", "symbol '", "cffi library")


def _missing_r_packages(packages: tuple[str, ...] = R_PACKAGES) -> list[str]:
    """The packages of ``packages`` that R cannot load."""
    import rpy2.rinterface as ri
    from rpy2.robjects import default_converter
    from rpy2.robjects.conversion import localconverter

    missing = []
    with localconverter(default_converter):
        require = ri.baseenv["requireNamespace"]
        for pkg in packages:
            ok = require(ri.StrSexpVector([pkg]), quietly=ri.BoolSexpVector([True]))
            if not bool(ok[0]):
                missing.append(pkg)
    return missing


def _r_version_string() -> str:
    import rpy2.rinterface as ri

    return str(ri.baseenv["R.version.string"][0])


def _incompatible(exc: BaseException) -> RPy2IncompatibleError:
    text = str(exc)
    version = _safe(_rpy2_version)
    advice = (
        f"rpy2 {version} cannot load this R ({type(exc).__name__}: {text.strip()[:300]}). "
    )
    if "R_getVar" in text:
        advice += (
            "rpy2 3.6 calls R_getVar, which only exists in R >= 4.5: with R 4.0-4.4 install "
            f'rpy2 3.5 with pip install "rpy2>=3.5.17,<3.6" (or {_PIP_R}); '
            'with R >= 4.5 use pip install "pyr_heatmap[r45]"'
        )
    else:
        advice += (
            f'reinstall rpy2 against this R ({_PIP_R} for R 4.0-4.4, pip install '
            '"pyr_heatmap[r45]" for R >= 4.5)'
        )
    return RPy2IncompatibleError(advice)


def _safe(fn: Any) -> str:
    try:
        return str(fn())
    except (ImportError, AttributeError, OSError, RuntimeError, ValueError):
        return "?"


def check_r(packages: tuple[str, ...] = R_PACKAGES) -> None:
    """Raise the typed reason why the R backend cannot be used; return None when it can.

    ``packages`` are the R packages the drawing needs: ComplexHeatmap and circlize by default,
    pheatmap or gplots for those front ends.

    Raises
    ------
    RPy2MissingError
        rpy2 is not installed.
    RNotFoundError
        rpy2 is installed but R cannot be found or started.
    RPy2IncompatibleError
        The installed rpy2 cannot load this R (e.g. rpy2 3.6, which needs ``R_getVar`` from
        R >= 4.5, on R 4.2).
    ComplexHeatmapMissingError
        R works but ComplexHeatmap (or circlize) is not installed.
    RPackageMissingError
        R works but another of ``packages`` (pheatmap, gplots) is not installed.
    """
    try:
        _import_rpy2()
    except ImportError as exc:
        raise RPy2MissingError(f"R backend not available: {_ADVICE_RPY2} ({exc})") from exc
    try:
        home = _find_r_home()
    except (OSError, RuntimeError, ValueError) as exc:
        raise RNotFoundError(f"R backend not available: {_ADVICE_R} ({exc})") from exc
    if not home:
        raise RNotFoundError(f"R backend not available: {_ADVICE_R}")
    if not Path(home).is_dir():
        raise RNotFoundError(
            f"R backend not available: R_HOME={home!r} is not a folder; {_ADVICE_R}"
        )
    try:
        start_r()
    except _load_errors() as exc:
        text = str(exc)
        if any(hint in text for hint in _SYMBOL_HINTS):
            raise _incompatible(exc) from exc
        if not isinstance(exc, (ImportError, OSError)):
            raise
        raise RNotFoundError(
            f"R backend not available: R at {home!r} could not be loaded ({exc}); {_ADVICE_R}"
        ) from exc
    except (RuntimeError, ValueError) as exc:
        raise RNotFoundError(
            f"R backend not available: R at {home!r} could not be started ({exc}); {_ADVICE_R}"
        ) from exc
    _raise_missing(_missing_r_packages(packages))


def _raise_missing(missing: list[str]) -> None:
    if not missing:
        return
    version = _safe(_r_version_string)
    if set(missing) & set(R_PACKAGES):
        raise ComplexHeatmapMissingError(
            "R backend not available: "
            + _ADVICE_CH.format(pkg=" and ".join(missing), version=version)
        )
    quoted = ", ".join(f'"{p}"' for p in missing)
    raise RPackageMissingError("R backend not available: " + _ADVICE_CRAN.format(
        pkg=" and ".join(missing), version=version, quoted=quoted if len(missing) == 1 else
        f"c({quoted})", debian=" ".join(f"r-cran-{p.lower()}" for p in missing)))


def probe(packages: tuple[str, ...] = R_PACKAGES) -> RUnavailableError | None:
    """None when the R backend is usable with ``packages``, else the typed error saying why not
    (not raised)."""
    try:
        check_r(packages)
    except RUnavailableError as exc:
        return exc
    return None


# --------------------------------------------------------------------------------------------
# values handed to R
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RMatrix:
    """A numeric matrix for R, with optional row and column names (NaN becomes NA in R code)."""

    values: np.ndarray
    rownames: tuple[str, ...] | None = None
    colnames: tuple[str, ...] | None = None


def r_source_files() -> list[tuple[str, str]]:
    """(name, text) of every R file shipped in ``pyr_heatmap.r``, sorted by name.

    In an installed package they are found with ``importlib.resources``; in a source checkout
    run without installing (the package folder on ``sys.path``), the top-level ``r/`` folder is
    used, which is the folder the wheel ships as ``pyr_heatmap/r``.
    """
    pkg = Path(__file__).resolve().parents[2]  # the pyr_heatmap folder this module is in
    checkout = pkg.parent / "r"
    root: Any
    if (pkg / "r").is_dir():  # an installed wheel
        root = pkg / "r"
    elif (pkg.parent / "pyproject.toml").is_file() and (checkout / "heatmap.R").is_file():
        # a source checkout: its own r/ folder, even when another checkout of the package is
        # installed in editable mode (importlib would find that one's pyr_heatmap.r)
        root = checkout
    else:
        root = importlib.resources.files("pyr_heatmap.r")
    files = sorted(
        (p for p in root.iterdir() if p.name.endswith(".R") and p.is_file()),
        key=lambda p: p.name,
    )
    if not files:
        raise RBackendError(f"pyr_heatmap's R files were not found in {root}")
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


_LOADER = (
    "function(code, env) { for (e in parse(text = code, keep.source = FALSE, encoding = 'UTF-8')) "
    "eval(e, env); invisible(NULL) }"
)


class RSession:
    """The embedded R with pyr_heatmap's R functions loaded into a private environment."""

    def __init__(self) -> None:
        import rpy2.rinterface as ri
        import rpy2.robjects as ro
        from rpy2.robjects import default_converter
        from rpy2.robjects.conversion import localconverter

        self._ri = ri
        self._ro = ro
        self.checked_packages: set[str] = set()  # R packages known to load
        self._localconverter = localconverter
        self._converter = default_converter
        with localconverter(self._converter):
            self._env = ri.baseenv["new.env"](parent=ri.baseenv)
            # A fixed loader: the code travels as a character vector and is parsed and evaluated
            # in R, into the private environment (language objects passed from Python as call
            # arguments would be evaluated in the caller's environment instead).
            loader = ri.baseenv["eval"](ri.parse(_LOADER), ri.baseenv)
            for name, text in r_source_files():
                try:
                    loader(ri.StrSexpVector([text]), self._env)
                except ri.embedded.RRuntimeError as exc:
                    raise RBackendError(f"loading {name} into R failed: {exc}") from exc
        self.versions = self.call("pyrhm_versions")

    # -- conversion --------------------------------------------------------------------------
    def to_r(self, value: Any) -> Any:
        """Convert a Python value to an R object (strings always become character data)."""
        ro = self._ro
        if value is None:
            return ro.NULL
        if isinstance(value, self._ri.Sexp):  # an R object handed back (e.g. a drawn heatmap)
            return value
        if isinstance(value, RMatrix):
            return self._matrix(value)
        if isinstance(value, Mapping):
            items = [(str(k), self.to_r(v)) for k, v in value.items()]
            out = ro.vectors.ListVector.from_length(len(items))
            for i, (_, v) in enumerate(items):
                out[i] = v
            if items:
                out.names = ro.StrVector([k for k, _ in items])
            return out
        if isinstance(value, (bool, np.bool_)):
            return ro.BoolVector([bool(value)])
        if isinstance(value, (int, np.integer)):
            return ro.IntVector([int(value)])
        if isinstance(value, (float, np.floating)):
            return ro.FloatVector([float(value)])
        if isinstance(value, str):
            return ro.StrVector([value])
        if isinstance(value, (list, tuple)) and all(
            v is None or isinstance(v, str) for v in value
        ) and any(isinstance(v, str) for v in value):
            return self._strings(value)
        if isinstance(value, (list, tuple)) and not value:
            return ro.vectors.ListVector.from_length(0)
        if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in value):
            out = ro.vectors.ListVector.from_length(len(value))
            for i, v in enumerate(value):
                out[i] = self.to_r(v)
            return out
        arr = np.asarray(value)
        if arr.ndim == 2:
            return self._matrix(RMatrix(arr))
        arr = arr.ravel()
        if arr.dtype.kind == "b":
            return ro.BoolVector(arr.tolist())
        if arr.dtype.kind in "iu":
            return ro.IntVector(arr.astype(np.int64).tolist())
        if arr.dtype.kind == "f":
            return ro.FloatVector(arr.astype(np.float64).tolist())
        if arr.dtype.kind in "UOS":
            return self._strings([None if v is None else str(v) for v in arr.tolist()])
        raise TypeError(f"cannot hand a value of dtype {arr.dtype} to R")

    def _strings(self, values: Any) -> Any:
        ro = self._ro
        return ro.StrVector([ro.NA_Character if v is None else v for v in values])

    def _matrix(self, m: RMatrix) -> Any:
        ro = self._ro
        values = np.asarray(m.values, dtype=np.float64)
        nr, nc = values.shape
        vec = ro.FloatVector(values.ravel(order="F").tolist())
        dims = ro.IntVector([nr, nc])
        vec.do_slot_assign("dim", dims)
        if m.rownames is not None or m.colnames is not None:
            dn = ro.vectors.ListVector.from_length(2)
            if m.rownames is not None:
                dn[0] = ro.StrVector(list(m.rownames))
            if m.colnames is not None:
                dn[1] = ro.StrVector(list(m.colnames))
            vec.do_slot_assign("dimnames", dn)
        return vec

    def from_r(self, value: Any) -> Any:
        """Convert an R result to Python: named lists to dicts, vectors to numpy / lists."""
        ri = self._ri
        ro = self._ro
        if value is ro.NULL or isinstance(value, ri.NULLType):
            return None
        if isinstance(value, (ro.vectors.ListVector, ri.ListSexpVector)):
            names = list(value.names) if value.names is not ro.NULL else None
            items = [self.from_r(v) for v in value]
            if names is None:
                return items
            return dict(zip([str(n) for n in names], items, strict=True))
        if isinstance(value, (ro.vectors.StrVector, ri.StrSexpVector)):
            return [None if v is ro.NA_Character else str(v) for v in value]
        if isinstance(value, (ro.vectors.BoolVector, ri.BoolSexpVector)):
            return np.array([bool(v) if v is not ro.NA_Logical else False for v in value])
        if isinstance(value, (ro.vectors.IntVector, ri.IntSexpVector)):
            return np.array(list(value), dtype=np.int64)
        if isinstance(value, (ro.vectors.FloatVector, ri.FloatSexpVector)):
            return np.array(list(value), dtype=np.float64)
        return value

    # -- calls --------------------------------------------------------------------------------
    def call(self, fun: str, *args: Any, **kwargs: Any) -> Any:
        """Call the R function ``fun`` of the package's R files; returns Python values.

        Arguments are converted with :meth:`to_r`. An R error becomes :class:`RBackendError`
        carrying R's message.
        """
        ri = self._ri
        with self._localconverter(self._converter):
            f = self._env.find(fun)
            r_args = [self.to_r(a) for a in args]
            r_kwargs = {k: self.to_r(v) for k, v in kwargs.items()}
            try:
                out = f.rcall(
                    [(None, a) for a in r_args] + list(r_kwargs.items()), self._env
                )
            except ri.embedded.RRuntimeError as exc:
                raise RBackendError(f"R error in {fun}(): {str(exc).strip()}") from exc
            return self.from_r(out)

    def eval_fixed(self, code: str) -> Any:
        """Evaluate a fixed R snippet written in this package (never user text)."""
        with self._localconverter(self._converter):
            return self.from_r(self._ro.r(code))


@functools.lru_cache(maxsize=1)
def _cached_session() -> RSession:
    return RSession()


def session(packages: tuple[str, ...] = R_PACKAGES) -> RSession:
    """The process-wide R session with pyr_heatmap's R functions loaded (started on first use).

    Parameters
    ----------
    packages : tuple of str
        The R packages the caller needs (checked once each): ComplexHeatmap and circlize by
        default; :func:`packages_for` gives those of a front end's R function.

    Raises
    ------
    RUnavailableError
        (a subclass naming the missing piece) when the R backend cannot be used.
    """
    if _cached_session.cache_info().currsize == 0:
        check_r(packages)
        sess = _cached_session()
        sess.checked_packages.update(packages)
        return sess
    sess = _cached_session()
    unchecked = tuple(p for p in packages if p not in sess.checked_packages)
    if unchecked:
        _raise_missing(_missing_r_packages(unchecked))
        sess.checked_packages.update(unchecked)
    return sess
