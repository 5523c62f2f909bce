"""The Objectives page, by part: `view` (list, detail, key results, alignment tree), `forms` (objective,
key result, check-in, close, delete, carry-over) and `common` (keys and helpers both use)."""
