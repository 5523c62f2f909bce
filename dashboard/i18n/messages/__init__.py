"""Message catalogues, one module per area of the app."""
