"""The result vocabulary: how every part of the plugin names, reads and prints a result (pure Python:
numpy and pandas; no QGIS, Qt or GDAL).

``tiers`` the six tiers (codes, labels, order, parsing, counting); ``columns`` the result columns of
``representation`` and ``grouprepresentation`` (names, kinds, order); ``disclosure`` the publication
policy (counts 1–7 suppressed, others to the nearest 5) and its statements; ``formatting`` numbers as
text; ``geography`` what the areas are called, from ONS codes; ``method`` the method sentence in
clauses; ``summaries`` the typed summaries of a run; ``run_metadata`` what a run did, stored with its
layer.

It sits below the statistics: ``stats``, ``groups``, ``report``, ``styling``, ``processing`` and ``ui``
import it; it imports only ``errors`` and ``validation``.
"""
