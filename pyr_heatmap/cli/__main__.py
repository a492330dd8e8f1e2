"""``python -m pyr_heatmap.cli``: the same as the ``pyr-heatmap`` command."""

import sys

from pyr_heatmap.cli import main

sys.exit(main())
