"""The compiled kernels check their arguments; the two-thread hclust is race-free and robust.

Issue 14, items 9-11:

- ``pyr_heatmap._rcore`` checks sizes (no overflow of ``nr * nc`` or ``n * (n - 1) / 2``, buffer
  lengths equal to the sizes given), element types (float64 / int64 in native byte order) and
  method codes itself, whoever calls it, and raises TypeError / ValueError / OverflowError. The
  calls that crashed before (``dist`` with ``nr = 2**61`` segfaulted) run in a child process, so a
  regression fails the test instead of killing pytest.
- ``nthreads`` is a positive integer, capped at the CPUs available to the process.
- The two-thread hclust gives the same tree as one thread for every method on tied data, whether
  both threads run to the end, the run switches to one thread part way (as it does by itself when
  the helper thread keeps being late), or the switch is automatic.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyr_heatmap
from pyr_heatmap.engine import _rcore
from pyr_heatmap.engine.cluster import cluster_matrix
from pyr_heatmap.engine.dist import Dist, _available_cpus, _threads, dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, _r_merge, hclust
from pyr_heatmap.errors import InputError

_RCORE_FILE = _rcore.__file__
dist_module = importlib.import_module("pyr_heatmap.engine.dist")  # ph.dist is the function

# A child process loads only the extension (no pandas, no matplotlib), runs one call and prints
# the name of the exception it raised, or "ok".
_CHILD = textwrap.dedent(
    """
    import importlib.machinery, importlib.util, sys
    import numpy as np
    loader = importlib.machinery.ExtensionFileLoader("pyr_heatmap.engine._rcore", {path!r})
    spec = importlib.util.spec_from_file_location("pyr_heatmap.engine._rcore", {path!r},
                                                  loader=loader)
    rc = importlib.util.module_from_spec(spec)
    loader.exec_module(rc)
    f64 = lambda n: np.zeros(n, dtype=np.float64)
    i64 = lambda n: np.zeros(n, dtype=np.int64)
    try:
        result = {call}
    except Exception as exc:
        print(type(exc).__name__ + ": " + str(exc))
    else:
        print("ok", result)
    """
)


def _in_child(call: str) -> str:
    """Run ``call`` (an expression of ``rc``, ``np``, ``f64``, ``i64``) in a fresh interpreter."""
    code = _CHILD.format(path=_RCORE_FILE, call=call)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, (
        f"the child crashed (return code {proc.returncode}) on {call}\n{proc.stderr[-2000:]}"
    )
    return proc.stdout.strip()


# --------------------------------------------------------------------------------------------- #
# item 9: sizes and element types, checked in C                                                  #
# --------------------------------------------------------------------------------------------- #

_BAD_CALLS = [
    # (call, exception name, part of the message)
    # sizes whose products overflow: dist with nr = 2**61 used to segfault
    ("rc.dist(f64(10), 2**61, 5, 1, 2.0, f64(10), 1, True)", "OverflowError",
     "2305843009213693952"),
    ("rc.dist(f64(10), 2**32, 2**31 - 1, 1, 2.0, f64(10), 1, True)", "OverflowError", "matrix"),
    ("rc.dist(f64(10), 2**33, 1, 1, 2.0, f64(10), 1, True)", "OverflowError", "n * (n - 1) / 2"),
    ("rc.dist(f64(10), 5, 2**31, 1, 2.0, f64(10), 1, True)", "OverflowError", "columns"),
    ("rc.dist(f64(10), -1, 5, 1, 2.0, f64(10), 1, True)", "ValueError", ">= 0"),
    ("rc.cor_dist(f64(10), 2**61, 5, 0, f64(10), 1)", "OverflowError", "cor_dist"),
    ("rc.cor_dist_na(f64(10), 2**40, 2**40, 0, f64(10))", "OverflowError", "cor_dist_na"),
    ("rc.hclust(f64(1), 2**61, 8, f64(2), i64(1), i64(1), f64(1), 2)", "OverflowError",
     "n * (n - 1) / 2"),
    ("rc.hclust(f64(1), 2**31, 4, f64(2), i64(1), i64(1), f64(1), 1)", "OverflowError", "hclust"),
    # buffers shorter or longer than the sizes given
    ("rc.dist(f64(9), 2, 5, 1, 2.0, f64(1), 1, True)", "ValueError", "x holds 9 values"),
    ("rc.dist(f64(10), 2, 5, 1, 2.0, f64(2), 1, True)", "ValueError", "out holds 2 values"),
    ("rc.dist(f64(11), 2, 5, 1, 2.0, f64(1), 1, True)", "ValueError", "need 10"),
    ("rc.hclust(f64(5), 4, 4, f64(4), i64(3), i64(3), f64(3))", "ValueError", "diss holds 5"),
    ("rc.hclust(f64(6), 4, 4, f64(3), i64(3), i64(3), f64(3))", "ValueError", "members"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(2), i64(3), f64(3))", "ValueError", "ia holds 2"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), i64(3), f64(3), 1, -1, i64(3))", "ValueError",
     "stats"),
    # element types: an int64 array used to be read as doubles
    ("rc.dist(i64(10), 2, 5, 1, 2.0, f64(1), 1, True)", "TypeError", "float64"),
    ("rc.dist(np.zeros(10, np.float32), 2, 5, 1, 2.0, f64(1), 1, True)", "TypeError", "float64"),
    ("rc.dist(np.zeros(10, '>f8'), 2, 5, 1, 2.0, f64(1), 1, True)", "TypeError", "byte order"),
    ("rc.dist(f64(10), 2, 5, 1, 2.0, i64(1), 1, True)", "TypeError", "out"),
    ("rc.dist(bytes(80), 2, 5, 1, 2.0, f64(1), 1, True)", "TypeError", "format 'B'"),
    ("rc.dist(np.zeros(5, np.complex128), 1, 5, 1, 2.0, f64(0), 1, True)", "TypeError", "x"),
    ("rc.cor_dist(i64(10), 2, 5, 0, f64(1), 1)", "TypeError", "float64"),
    ("rc.cor_dist_na(f64(10), 2, 5, 0, np.zeros(1, np.float32))", "TypeError", "out"),
    ("rc.hclust(i64(6), 4, 4, f64(4), i64(3), i64(3), f64(3))", "TypeError", "diss"),
    ("rc.hclust(f64(6), 4, 4, i64(4), i64(3), i64(3), f64(3))", "TypeError", "members"),
    ("rc.hclust(f64(6), 4, 4, f64(4), f64(3), i64(3), f64(3))", "TypeError", "int64"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), np.zeros(3, np.int32), f64(3))", "TypeError", "ib"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), np.zeros(3, np.uint64), f64(3))", "TypeError",
     "ib"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), i64(3), i64(3))", "TypeError", "crit"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), i64(3), f64(3), 1, -1, f64(4))", "TypeError",
     "stats"),
    # method codes and other scalars
    ("rc.dist(f64(10), 2, 5, 0, 2.0, f64(1), 1, True)", "ValueError", "method code"),
    ("rc.dist(f64(10), 2, 5, 7, 2.0, f64(1), 1, True)", "ValueError", "method code"),
    ("rc.dist(f64(10), 2, 5, 6, 0.0, f64(1), 1, True)", "ValueError", "Minkowski"),
    ("rc.dist(f64(10), 2, 5, 6, float('nan'), f64(1), 1, True)", "ValueError", "Minkowski"),
    ("rc.cor_dist(f64(10), 2, 5, 2, f64(1), 1)", "ValueError", "kendall"),
    ("rc.cor_dist_na(f64(10), 2, 5, 3, f64(1))", "ValueError", "kind"),
    ("rc.hclust(f64(6), 4, 9, f64(4), i64(3), i64(3), f64(3))", "ValueError", "method code"),
    ("rc.hclust(f64(6), 4, 0, f64(4), i64(3), i64(3), f64(3))", "ValueError", "method code"),
    ("rc.hclust(f64(0), 1, 4, f64(1), i64(0), i64(0), f64(0))", "ValueError", "n >= 2"),
    ("rc.hclust(f64(6), 4, 4, f64(4), i64(3), i64(3), f64(3), 1, -3)", "ValueError", "switch_at"),
]


@pytest.mark.parametrize(("call", "exc", "fragment"), _BAD_CALLS)
def test_kernel_entry_points_check_their_arguments(call, exc, fragment):
    out = _in_child(call)
    assert out.startswith(exc + ":"), out
    assert fragment in out, out


def test_non_contiguous_and_read_only_buffers_are_refused():
    x = np.zeros((4, 10))[:, ::2]  # 4 x 5, not C-contiguous
    with pytest.raises((ValueError, BufferError, TypeError)):
        _rcore.dist(x, 4, 5, 1, 2.0, np.zeros(6), 1, True)
    out = np.zeros(6)
    out.flags.writeable = False
    with pytest.raises((ValueError, BufferError, TypeError)):
        _rcore.dist(np.zeros((4, 5)), 4, 5, 1, 2.0, out, 1, True)


@pytest.mark.parametrize("nthreads", [-5, 0, 1, 2, 10**6, 2**40])
def test_kernel_thread_counts_are_clamped(nthreads):
    """The kernels clamp any thread count to 1..256; the result does not change."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 7))
    ref = np.empty(300 * 299 // 2)
    _rcore.dist(x, 300, 7, 1, 2.0, ref, 1, True)
    out = np.empty_like(ref)
    _rcore.dist(x, 300, 7, 1, 2.0, out, nthreads, True)
    assert np.array_equal(out, ref)
    cor = np.empty_like(ref)
    _rcore.cor_dist(x, 300, 7, 0, cor, nthreads)
    ref_cor = np.empty_like(ref)
    _rcore.cor_dist(x, 300, 7, 0, ref_cor, 1)
    assert np.array_equal(cor, ref_cor)
    d = out.copy()
    ia, ib, crit = (np.empty(299, np.int64), np.empty(299, np.int64), np.empty(299))
    assert _rcore.hclust(d, 300, 4, np.ones(300), ia, ib, crit, nthreads) == 0


def test_unclusterable_dissimilarities_do_not_crash_the_kernel():
    """Direct calls with NaN / Inf / huge values (the Python layer refuses them earlier) return
    a status, never read or write outside the buffers."""
    calls = [
        "rc.hclust(np.full(45, np.inf), 10, 3, f64(10) + 1, i64(9), i64(9), f64(9))",
        "rc.hclust(np.full(45, np.nan), 10, 5, f64(10) + 1, i64(9), i64(9), f64(9))",
        "rc.hclust(np.full(45, 1e300), 10, 8, f64(10) + 1, i64(9), i64(9), f64(9))",
        "rc.hclust(np.where(np.arange(2016) % 7 == 0, np.nan, np.arange(2016.)), 64, 1, "
        "f64(64) + 1, i64(63), i64(63), f64(63))",
    ]
    for call in calls:
        out = _in_child(call)
        assert out.split()[0] == "ok", out
        assert out.split()[1] in {"0", "1"}, out
    assert _in_child(calls[0]) == "ok 1"


# --------------------------------------------------------------------------------------------- #
# item 9: nthreads at the Python level                                                           #
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("bad", [0, -1, -(2**40), 2.0, 1.5, "2", True, False, [2], np.float64(2)])
def test_nthreads_must_be_a_positive_integer(bad):
    m = np.random.default_rng(0).normal(size=(6, 3))
    with pytest.raises(InputError, match="nthreads"):
        dist(m, nthreads=bad)
    with pytest.raises(InputError, match="nthreads"):
        dist(m, "pearson", nthreads=bad)
    with pytest.raises(InputError, match="nthreads"):
        hclust(dist(m), nthreads=bad)
    with pytest.raises(InputError, match="nthreads"):
        cluster_matrix(m, nthreads=bad)
    with pytest.raises(InputError, match="nthreads"):
        dist(m[:1], nthreads=bad)  # checked even when there is nothing to compute


@pytest.mark.parametrize("big", [2**31, 2**63, 50_000, 10**30])
def test_nthreads_is_capped_at_the_cpu_count(big, monkeypatch):
    cpus = _available_cpus()
    assert 1 <= cpus <= (os.cpu_count() or 1)
    assert _threads(10**6, big) == cpus
    assert _threads(10**6, np.int64(min(big, 2**62))) == cpus
    seen = []
    real = _rcore.dist

    def spy(*args):
        seen.append(args[6])
        return real(*args)

    monkeypatch.setattr(dist_module._rcore, "dist", spy)
    m = np.random.default_rng(1).normal(size=(300, 4))
    assert np.array_equal(dist(m, nthreads=big).condensed, dist(m, nthreads=1).condensed)
    assert seen[0] == cpus
    h_big = hclust(dist(m), "average", nthreads=big)
    h_one = hclust(dist(m), "average", nthreads=1)
    assert np.array_equal(h_big.merge, h_one.merge)


def test_valid_nthreads_values():
    assert _threads(10, np.int32(1)) == 1
    assert _threads(10, 1) == 1
    assert _threads(10**6, 2) == min(2, _available_cpus())
    assert _threads(10, None) == 1  # small inputs: one thread by default
    assert 1 <= _threads(10**6, None) <= min(8, _available_cpus())


def test_docstrings_say_nthreads_is_capped():
    for fn in (pyr_heatmap.dist, pyr_heatmap.hclust, cluster_matrix):
        doc = " ".join((fn.__doc__ or "").split())
        assert "capped" in doc, fn.__name__


# --------------------------------------------------------------------------------------------- #
# items 10-11: the two-thread hclust, with and without the switch to one thread                  #
# --------------------------------------------------------------------------------------------- #


def _kernel_hclust(d: np.ndarray, n: int, method: str, nthreads: int, switch_at: int):
    """The kernel called directly (nthreads is not capped at the CPU count here, so the
    two-thread path runs even on a one-CPU machine)."""
    diss = d.copy()
    ia = np.empty(n - 1, np.int64)
    ib = np.empty(n - 1, np.int64)
    crit = np.empty(n - 1)
    stats = np.full(4, -9, np.int64)
    code = HCLUST_METHODS.index(method) + 1
    status = _rcore.hclust(diss, n, code, np.ones(n), ia, ib, crit, nthreads, switch_at, stats)
    assert status == 0
    return _r_merge(ia, ib), crit, stats


@pytest.fixture(scope="module")
def tied_dissimilarities() -> list[tuple[np.ndarray, int]]:
    """Heavily tied data large enough for the two-thread path (n >= 2000, steps split while
    1024 or more clusters are active): small integers, and duplicated rows."""
    rng = np.random.default_rng(14)
    a = rng.integers(0, 3, size=(2300, 5)).astype(float)
    base = rng.integers(0, 4, size=(700, 6)).astype(float)
    b = base[rng.integers(0, 700, size=2100)]
    return [(dist(a).condensed, 2300), (dist(b, "manhattan").condensed, 2100)]


@pytest.mark.parametrize("method", HCLUST_METHODS)
def test_two_threads_and_the_switch_to_one_give_the_same_tree(method, tied_dissimilarities):
    for d, n in tied_dissimilarities:
        merge1, crit1, stats1 = _kernel_hclust(d, n, method, 1, -1)
        assert stats1[0] == 0 and stats1[1] == -1  # one thread: no step split
        public = hclust(Dist(d, n), method, nthreads=1)
        assert np.array_equal(public.merge, merge1)
        assert np.array_equal(public.height.view(np.int64), crit1.view(np.int64))
        # -2: both threads to the end; k >= 0: switch to one thread after k steps; -1: automatic
        for switch_at in (-2, 0, 1, 16, 333, -1):
            merge2, crit2, stats2 = _kernel_hclust(d, n, method, 2, switch_at)
            assert np.array_equal(merge2, merge1), (method, n, switch_at)
            assert np.array_equal(crit2.view(np.int64), crit1.view(np.int64)), (method, switch_at)
            if switch_at == -2:
                assert stats2[1] == -1 and stats2[0] == n - 1024  # split while na >= 1024
            elif switch_at >= 0:
                assert stats2[1] == switch_at and stats2[0] == switch_at


def test_a_late_helper_thread_makes_the_run_switch_to_one_thread():
    """Pinned to one CPU, the helper thread can only run when the main thread waits for it:
    the run notices within a few windows of steps and continues on one thread, same tree."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("needs os.sched_setaffinity")
    code = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {os.path.dirname(os.path.dirname(pyr_heatmap.__file__))!r})
        os.sched_setaffinity(0, {{sorted(os.sched_getaffinity(0))[0]}})
        import numpy as np
        from pyr_heatmap import dist
        from pyr_heatmap.engine import _rcore
        n = 3000
        d = dist(np.random.default_rng(3).normal(size=(n, 20))).condensed
        res = []
        for nthreads in (1, 2):
            ia, ib, crit = np.empty(n - 1, np.int64), np.empty(n - 1, np.int64), np.empty(n - 1)
            stats = np.zeros(4, np.int64)
            _rcore.hclust(d.copy(), n, 8, np.ones(n), ia, ib, crit, nthreads, -1, stats)
            res.append((ia, ib, crit, stats))
        same = all(np.array_equal(x, y) for x, y in zip(res[0][:3], res[1][:3]))
        print(same, res[1][3][0], res[1][3][1])
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    same, split_steps, switched_at = proc.stdout.split()
    assert same == "True"
    assert 0 <= int(switched_at) <= 320, proc.stdout  # within 20 windows of 16 steps
    assert int(split_steps) == int(switched_at)
