"""Tools for policy authors: example runner, explanations, catalogue."""
