"""Exports: reports declared as data (document.py), rendered to accessible HTML (html.py) and tagged A4
PDF (pdf.py), with charts drawn by kaleido through one browser (images.py). Uses Debian's Chromium for
both (browser.py). May import figures/; never streamlit, SQL, the store, metrics, workflows or pages.
"""
