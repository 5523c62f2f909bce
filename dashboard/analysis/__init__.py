"""Pure pandas analysis: no database, no Streamlit."""
