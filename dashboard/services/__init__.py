"""Use cases that combine repository reads with analysis, shared by the CLI, pages and exports."""
