"""The package version (a base module, so every stage may read it)."""

__version__ = "0.1.0.dev0"
