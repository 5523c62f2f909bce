"""Spreadsheet exports that the importers read back (re-importable workbooks)."""
