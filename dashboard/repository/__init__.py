"""Keyword-only reads and writes (`*, session, ...`), one module per area.

Reads return read models or DataFrames (never live ORM objects); writes take the acting user and
record who and when.
"""
