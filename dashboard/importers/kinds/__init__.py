"""One module per kind of sheet; each registers itself with `dashboard.importers.registry.register`."""
