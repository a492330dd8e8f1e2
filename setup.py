"""Build the compiled R-exact kernels (dist, cor, hclust; the LAB colour ramp; grouped row sums).

Everything else about the package lives in pyproject.toml. The kernels must reproduce R's floating
point results bit for bit, so floating-point contraction (fused multiply-add) is switched off: R's
own Fortran/C on x86-64 is compiled without FMA, and contracting a*b + c would change the last bit.
"""

import sys

from setuptools import Extension, setup

if sys.platform == "win32":
    extra = ["/fp:precise"]
else:
    extra = ["-O2", "-ffp-contract=off", "-fno-fast-math", "-std=c99"]

setup(
    ext_modules=[
        Extension(
            "pyr_heatmap.engine._rcore",
            sources=["pyr_heatmap/engine/_rcore.c"],
            extra_compile_args=extra,
        ),
        Extension(
            "pyr_heatmap.prepare._rsum",
            sources=["pyr_heatmap/prepare/_rsum.c"],
            extra_compile_args=extra,
        ),
        Extension(
            "pyr_heatmap.figure.colors._rcolor",
            sources=["pyr_heatmap/figure/colors/_rcolor.c"],
            extra_compile_args=extra,
        ),
    ]
)
