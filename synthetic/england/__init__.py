"""England-scale synthetic inputs for ``make bench`` (cached by ``bench.generate``).

* :mod:`.sizes` — the size parameters of one data set and the generator version (the cache key);
* :mod:`.population` — population by 19 five-year age bands per zone, and where complaints come from;
* :mod:`.placement` — postcode points inside their zones, handed out in a spatial order;
* :mod:`.cases` — cases with a postcode and an age band, some messy or unmatchable;
* :mod:`.dataset` — the whole data set written to a folder.

Zones are tiled by :mod:`synthetic.box_tessellation`, postcodes formatted by :mod:`synthetic.codes`,
files written by :mod:`synthetic.writers`.
"""
