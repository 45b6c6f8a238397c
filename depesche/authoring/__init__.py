"""Tools for people who write rules: inline tests, checks, explanations, reports, metrics.

The library side of ``depesche test``, ``check``, ``explain``, ``render``, ``eval`` and
``init``: each module computes and returns data; the CLI commands print it.
"""
