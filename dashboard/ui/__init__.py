"""The only package besides pages/ that imports streamlit: page frame, menu, cached resources."""
