"""Voronoi tiling of any outline with wiggly shared edges, by noding and polygonising (the sample region).

The Voronoi edges are densified and displaced sideways once each, noded together with the outline
ring and polygonised, so neighbouring polygons share their boundary vertex for vertex and the faces
tile the outline exactly. Faces go to the seed whose straight Voronoi cell they overlap most;
detached fragments join the neighbour sharing the longest boundary. Suited to hundreds of zones in
an irregular outline; :mod:`synthetic.box_tessellation` handles tens of thousands in a box.
Lengths in metres.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from phso_insight_plugin.geo.voronoi import voronoi_cells


@dataclass(frozen=True)
class Wiggle:
    """How an edge is displaced: vertices every ``spacing`` m; ``harmonics`` sine modes with standard
    deviation ``min(amp_frac · length, amp_max) / k`` for mode k; per-vertex noise of ``noise`` m."""

    spacing: float
    amp_frac: float
    amp_max: float
    harmonics: int
    noise: float


def jitter_segment(p0, p1, rng: np.random.Generator, wiggle: Wiggle) -> np.ndarray:
    """Points (m × 2, rounded to 1 cm) densifying p0 → p1, displaced sideways smoothly; endpoints stay fixed."""
    p0 = np.asarray(p0, float)
    p1 = np.asarray(p1, float)
    vec = p1 - p0
    length = float(np.hypot(*vec))
    nseg = max(2, int(math.ceil(length / wiggle.spacing)))
    t = np.linspace(0.0, 1.0, nseg + 1)
    normal = np.array([-vec[1], vec[0]]) / length
    sigma = min(wiggle.amp_frac * length, wiggle.amp_max)
    disp = np.zeros_like(t)
    for k in range(1, wiggle.harmonics + 1):
        disp += rng.normal(0.0, sigma / k) * np.sin(k * np.pi * t)
    disp[1:-1] += rng.normal(0.0, wiggle.noise, nseg - 1) * np.sin(np.pi * t[1:-1])
    pts = p0 + t[:, None] * vec + disp[:, None] * normal
    pts[0], pts[-1] = p0, p1
    return np.round(pts, 2)


def tessellate(outline, seeds: np.ndarray, rng: np.random.Generator, wiggle: Wiggle) -> list:
    """One Polygon per seed (in seed order) tiling ``outline`` (a Polygon), with wiggly shared edges."""
    env = shapely.box(*outline.buffer(4000.0).bounds)
    cells = shapely.intersection(voronoi_cells(seeds, env), outline)
    faces = _faces(outline, _wiggly_edges(outline, seeds, env, rng, wiggle))
    owner = _owners(faces, cells)
    polys: list = [None] * len(seeds)
    orphans = []
    for c in range(len(seeds)):
        mine = faces[owner == c]
        if len(mine) == 0:
            raise RuntimeError(f"seed {c} lost its cell")
        parts = sorted(shapely.get_parts(shapely.union_all(mine)), key=lambda g: -g.area)
        polys[c] = parts[0]
        orphans.extend(parts[1:])
    _merge_fragments(polys, orphans)
    out = np.array(polys, dtype=object)
    assert shapely.is_valid(out).all()
    assert abs(shapely.area(out).sum() - outline.area) < 1.0
    return list(out)


def _wiggly_edges(outline, seeds: np.ndarray, env, rng: np.random.Generator, wiggle: Wiggle) -> list:
    """The Voronoi edges near ``outline``, each jittered once, plus the outline ring."""
    edges = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=env,
                                                       only_edges=True))
    clip = outline.buffer(400.0)
    lines = []
    for edge in edges:
        for piece in shapely.get_parts(shapely.intersection(edge, clip)):
            if piece.geom_type != "LineString" or piece.length < 1e-6:
                continue
            coords = np.asarray(piece.coords)
            lines.append(shapely.LineString(jitter_segment(coords[0], coords[-1], rng, wiggle)))
    lines.append(outline.exterior)
    return lines


def _faces(outline, lines: list) -> np.ndarray:
    """Faces of the noded ``lines`` that lie inside ``outline``."""
    noded = shapely.union_all(lines)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    rp = shapely.point_on_surface(faces)
    return faces[shapely.contains_xy(outline, shapely.get_x(rp), shapely.get_y(rp))]


def _owners(faces: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """For each face, the cell it overlaps most (ties: the lowest cell index)."""
    fi, ci = shapely.STRtree(cells).query(faces, predicate="intersects")
    overlap = shapely.area(shapely.intersection(faces[fi], cells[ci]))
    df = pd.DataFrame({"f": fi, "c": ci, "a": overlap}).sort_values(["f", "a", "c"],
                                                                    ascending=[True, False, True])
    owner = df.drop_duplicates("f").set_index("f")["c"].reindex(range(len(faces))).to_numpy()
    assert not np.isnan(owner.astype(float)).any()
    return owner


def _merge_fragments(polys: list, orphans: list) -> None:
    """Join each detached fragment to the polygon sharing the longest boundary with it (in place)."""
    while orphans:
        p = orphans.pop(0)
        arr = np.array(polys, dtype=object)
        cand = shapely.STRtree(arr).query(p, predicate="intersects")
        shared = shapely.length(shapely.intersection(p.boundary, shapely.boundary(arr[cand])))
        best = int(cand[int(np.argmax(shared))])
        merged = shapely.union_all([polys[best], p])
        if merged.geom_type != "Polygon":
            raise RuntimeError("fragment merge produced a multipart polygon")
        polys[best] = merged
