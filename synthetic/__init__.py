"""Synthetic geographies for development: the bundled sample region and the England-scale benchmark inputs.

Developer tooling, not part of the plugin (never packaged into the plugin zip). ``make sample`` runs
:mod:`synthetic.sample` through ``python -m scripts.generate_sample_data``; ``make bench`` generates its
inputs with :mod:`synthetic.england` (cached by ``bench.generate``). Both build on the shared modules:

* :mod:`synthetic.streams` — seeded, independent random streams;
* :mod:`synthetic.shapes` — geometry helpers: smooth bumps, neighbours, k-means, point-in-zone;
* :mod:`synthetic.seeds` — where zone seeds go: blue noise with a density, or clustered round towns;
* :mod:`synthetic.noded_tessellation` — wiggly Voronoi tiling of any outline (noding and polygonising);
* :mod:`synthetic.box_tessellation` — vectorised wiggly Voronoi tiling of a box (tens of thousands of zones);
* :mod:`synthetic.codes` — ONS-style area codes, case ids, postcode formats and keys;
* :mod:`synthetic.writers` — GeoPackage layers (fixed metadata date) and CSV tables.

Nothing generated is real: names, codes and postcodes are fictional.
"""
