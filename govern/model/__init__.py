"""The normalised resource model shared by every source and every policy."""

from govern.model.paths import Hit, Path, format_path, parse_path, resolve
from govern.model.resource import Resource, effective_tags

__all__ = [
    "Hit",
    "Path",
    "Resource",
    "effective_tags",
    "format_path",
    "parse_path",
    "resolve",
]
