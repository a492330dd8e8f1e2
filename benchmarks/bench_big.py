"""Big inputs: aggregate a sparse single-cell .h5ad by region, and stream a big GCT file.

    python benchmarks/bench_big.py                 # 1,000,000 x 2,000 h5ad, 20,000 x 10,000 GCT
    python benchmarks/bench_big.py --cells 100000 --gct 2000x1000 --out -   # smaller, print only

Measured, each in its own fresh process (peak RSS = that process's maximum resident set size):

- **backed**: ``aggregate(path, by="region")``: pyr_heatmap reads the file's CSR matrix in
  chunks (mean per region, R's ``rowMeans`` bits). Time includes reading the file.
- **scanpy**: ``anndata.read_h5ad(path)`` (the whole file in memory), then
  ``scanpy.get.aggregate(adata, by="region", func="mean")``; both times are given.
- **dask**: a ``dask.distributed.LocalCluster`` of 2 worker processes; the CSR rows are read
  by the workers (one task per block of cells) and ``aggregate`` builds its graph on that Dask
  array. Time excludes starting the cluster; the peak RSS is the largest of the client and the
  workers.
- **gct**: ``aggregate(gct_path, samples=sheet, by="tissue")``, the table streamed in blocks of
  rows (mean per tissue).

The inputs are generated under ``--workdir`` (default /tmp/pyr_heatmap_big), never in the
repository, and kept for later runs. The figures and the machine go to a section of
benchmarks/RESULTS.md (``--out -`` prints them only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARK = "<!-- big inputs: benchmarks/bench_big.py -->"
N_REGIONS = 20


# -- inputs ----------------------------------------------------------------------------------------
def write_h5ad(path: Path, n_cells: int, n_genes: int, density: float, seed: int = 1) -> None:
    """A cells x genes CSR h5ad (float32 counts, int32 indices), written block by block."""
    import anndata as ad
    import h5py
    import pandas as pd

    rng = np.random.default_rng(seed)
    regions = [f"region{k:02d}" for k in range(N_REGIONS)]
    obs = pd.DataFrame({"region": pd.Categorical.from_codes(
        rng.integers(N_REGIONS, size=n_cells), regions)},
        index=pd.Index([f"cell{i}" for i in range(n_cells)]))
    var = pd.DataFrame(index=pd.Index([f"gene{j}" for j in range(n_genes)]))
    tmp = path.with_name(path.name + ".partial")
    with h5py.File(tmp, "w") as f:
        f.attrs["encoding-type"], f.attrs["encoding-version"] = "anndata", "0.1.0"
        ad.io.write_elem(f, "obs", obs)
        ad.io.write_elem(f, "var", var)
        for name in ("layers", "obsm", "obsp", "uns", "varm", "varp"):
            ad.io.write_elem(f, name, {})
        g = f.create_group("X")
        g.attrs["encoding-type"], g.attrs["encoding-version"] = "csr_matrix", "0.1.0"
        g.attrs["shape"] = (n_cells, n_genes)
        data = g.create_dataset("data", (0,), np.float32, maxshape=(None,), chunks=(2**18,))
        indices = g.create_dataset("indices", (0,), np.int32, maxshape=(None,),
                                   chunks=(2**18,))
        indptr = [np.zeros(1, dtype=np.int64)]
        total = 0
        for start in range(0, n_cells, 20000):
            stop = min(n_cells, start + 20000)
            hit = rng.random((stop - start, n_genes), dtype=np.float32) < density
            r, c = np.nonzero(hit)
            vals = rng.geometric(0.4, size=r.size).astype(np.float32)
            n = r.size
            data.resize((total + n,))
            indices.resize((total + n,))
            data[total:] = vals
            indices[total:] = c.astype(np.int32)
            indptr.append(total + np.cumsum(np.bincount(r, minlength=stop - start)))
            total += n
        g.create_dataset("indptr", data=np.concatenate(indptr))
    os.replace(tmp, path)


def write_gct(path: Path, n_genes: int, n_samples: int, seed: int = 2) -> Path:
    rng = np.random.default_rng(seed)
    samples = [f"GTEX-{j:05d}" for j in range(n_samples)]
    tmp = path.with_name(path.name + ".partial")
    with open(tmp, "w") as f:
        f.write(f"#1.2\n{n_genes}\t{n_samples}\nName\tDescription\t" + "\t".join(samples) + "\n")
        for start in range(0, n_genes, 200):
            block = rng.lognormal(1.0, 2.0, size=(min(200, n_genes - start), n_samples))
            text = np.char.mod("%.4g", block)
            f.writelines(f"ENSG{start + i:011d}.1\tGENE{start + i}\t" + "\t".join(row) + "\n"
                         for i, row in enumerate(text))
    os.replace(tmp, path)
    sheet = path.with_suffix(".samples.tsv")
    tissues = rng.choice([f"tissue{k:02d}" for k in range(N_REGIONS)], size=n_samples)
    sheet.write_text("SAMPID\ttissue\n" + "".join(f"{s}\t{t}\n" for s, t in
                                                   zip(samples, tissues, strict=True)))
    return sheet


# -- one measurement per process -------------------------------------------------------------------
def _peak_mb() -> float:
    """This process's peak resident set size (VmHWM: getrusage's maxrss would also count the
    parent's memory at the fork that started this process)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_rows(path: str, start: int, stop: int):
    import anndata as ad
    import h5py

    with h5py.File(path, "r") as f:
        return ad.io.sparse_dataset(f["X"])[start:stop]


def measure(method: str, path: str, extra: str) -> dict:
    import pyr_heatmap as ph

    out: dict = {"method": method}
    if method in ("backed", "scanpy", "dask"):
        import anndata  # noqa: F401 - imported before the clocks start, for every method
        import h5py
    if method == "backed":
        t = time.perf_counter()
        res = ph.aggregate(path, by="region")
        out["seconds"] = time.perf_counter() - t
    elif method == "scanpy":
        import anndata as ad
        import scanpy as sc

        t = time.perf_counter()
        adata = ad.read_h5ad(path)
        out["load_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        agg = sc.get.aggregate(adata, by="region", func="mean")
        out["seconds"] = time.perf_counter() - t
        import pandas as pd

        res = pd.DataFrame(np.asarray(agg.layers["mean"]).T, index=agg.var_names,
                           columns=agg.obs_names)
    elif method == "dask":
        import anndata as ad
        import dask
        import dask.array as da
        import scipy.sparse as sp
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, memory_limit="4GiB") as cluster, \
                Client(cluster) as client:
            client.wait_for_workers(2)
            t = time.perf_counter()
            import h5py

            with h5py.File(path, "r") as f:
                n_cells, n_genes = (int(v) for v in f["X"].attrs["shape"])
                region = ad.io.read_elem(f["obs"]["region"])
            step = 50000
            blocks = [da.from_delayed(dask.delayed(_read_rows)(path, a, min(n_cells, a + step)),
                                      shape=(min(n_cells, a + step) - a, n_genes),
                                      dtype=np.float32, meta=sp.csr_matrix((0, 0)))
                      for a in range(0, n_cells, step)]
            arr = da.concatenate(blocks, axis=0).rechunk({1: 500})
            res = ph.aggregate(arr, groups=region)
            out["seconds"] = time.perf_counter() - t
            workers = client.run(_peak_mb)
            out["worker_peak_mb"] = max(workers.values())
    elif method == "gct":
        t = time.perf_counter()
        res = ph.aggregate(path, samples=extra, by="tissue")
        out["seconds"] = time.perf_counter() - t
    else:
        raise SystemExit(f"unknown method {method}")
    out["peak_mb"] = _peak_mb()
    out["shape"] = list(res.shape)
    np.save(Path(path).with_name(f"result_{method}.npy"),
            res.reindex(sorted(res.columns), axis=1).to_numpy())
    return out


def run_child(method: str, path: Path, extra: str = "") -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get(
        "PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, __file__, "--run", method, str(path), extra],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return {"method": method, "error": p.stderr.strip().splitlines()[-1:]}
    return json.loads(p.stdout.strip().splitlines()[-1])


# -- report ----------------------------------------------------------------------------------------
def machine() -> str:
    def cmd(*a: str) -> str:
        try:
            return subprocess.run(a, capture_output=True, text=True).stdout
        except OSError:
            return ""
    model = next((ln.split(":", 1)[1].strip() for ln in cmd("lscpu").splitlines()
                  if ln.startswith("Model name")), platform.processor())
    mem = next((ln.split()[1] for ln in cmd("free", "-g").splitlines()
                if ln.startswith("Mem:")), "?")
    return f"{model}, {os.cpu_count()} cores, {mem} GB RAM, Python {platform.python_version()}"


def report(args: argparse.Namespace, rows: list[dict], agree: dict) -> str:
    def fmt(r: dict, key: str, unit: str = "") -> str:
        v = r.get(key)
        return "-" if v is None else f"{v:,.1f}{unit}"

    lines = [MARK, "", "## Big inputs (benchmarks/bench_big.py)", "",
             f"Generated by `python benchmarks/bench_big.py --cells {args.cells} --genes "
             f"{args.genes} --density {args.density} --gct {args.gct}` on "
             f"{time.strftime('%Y-%m-%d %H:%M %Z')}.", "", f"Machine: {machine()}.", "",
             f"h5ad: {args.cells:,} cells x {args.genes:,} genes, CSR float32, "
             f"{args.density:.0%} non-zero, mean per region ({N_REGIONS} regions). GCT: "
             f"{args.gct} (genes x samples), mean per tissue.", "",
             "| method | time (s) | load (s) | peak RSS (MB) | workers' peak RSS (MB) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['method']} | error: {' '.join(r['error'])} | | | |")
            continue
        lines.append(f"| {r['method']} | {fmt(r, 'seconds')} | {fmt(r, 'load_seconds')} | "
                     f"{fmt(r, 'peak_mb')} | {fmt(r, 'worker_peak_mb')} |")
    lines += ["", "Agreement with the backed result (values that differ in any bit): " +
              ", ".join(f"{k}: {v}" for k, v in agree.items()) + ".", "",
              f"Versions: {versions()}. The input files were just written or read (warm page "
              f"cache). scanpy's time is its aggregate alone; loading the file is the load "
              f"column. The counts are whole numbers, so every method's sums are exact here and "
              f"the results agree; on non-integer values only pyr_heatmap's are R's rowMeans "
              f"bits. The backed run and the GCT stream include reading their files.", ""]
    return "\n".join(lines)


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("numpy", "scipy", "anndata", "h5py", "scanpy", "dask", "distributed"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return ", ".join(out)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run", nargs=3, metavar=("METHOD", "PATH", "EXTRA"), help=argparse.SUPPRESS)
    p.add_argument("--cells", type=int, default=1_000_000)
    p.add_argument("--genes", type=int, default=2000)
    p.add_argument("--density", type=float, default=0.05)
    p.add_argument("--gct", default="20000x10000", help="GENESxSAMPLES of the GCT file")
    p.add_argument("--methods", default="backed,scanpy,dask,gct")
    p.add_argument("--workdir", default="/tmp/pyr_heatmap_big")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"), help="'-' prints only")
    args = p.parse_args(argv)
    if args.run:
        print(json.dumps(measure(*args.run)))
        return
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    h5ad = work / f"cells_{args.cells}x{args.genes}_{args.density}.h5ad"
    if not h5ad.exists():
        t = time.perf_counter()
        write_h5ad(h5ad, args.cells, args.genes, args.density)
        print(f"wrote {h5ad} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    g, s = (int(v) for v in args.gct.split("x"))
    gct = work / f"expr_{g}x{s}.gct"
    sheet = gct.with_suffix(".samples.tsv")
    if not gct.exists():
        t = time.perf_counter()
        sheet = write_gct(gct, g, s)
        print(f"wrote {gct} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    rows = []
    for method in args.methods.split(","):
        path, extra = (gct, str(sheet)) if method == "gct" else (h5ad, "")
        rows.append(run_child(method, path, extra))
        print(json.dumps(rows[-1]), file=sys.stderr)
    agree = {}
    base = h5ad.with_name("result_backed.npy")
    for method in ("scanpy", "dask"):
        other = h5ad.with_name(f"result_{method}.npy")
        if base.exists() and other.exists():
            a, b = np.load(base), np.load(other)
            agree[method] = f"{int(np.sum(a != b))} of {a.size}"
    text = report(args, rows, agree)
    if args.out == "-":
        print(text)
        return
    out = Path(args.out)
    old = out.read_text() if out.exists() else ""
    if MARK in old:
        old = old[:old.index(MARK)].rstrip("\n") + "\n"
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(old + "\n" + text)
    tmp.replace(out)


if __name__ == "__main__":
    main()
