"""A radar (spider) chart of one unit's criterion scores against its class.

Pure ReportLab graphics, so it renders inside a PDF with no browser and no
matplotlib. The scale is fixed (0..scale_max, rings at every fifth) so two
units' charts can be compared by eye.

Missing values: a None score is drawn at 0 (the centre) so the polygon stays
closed; the report's score table says "Ej bedömd" beside it. When the class
median is missing for every axis the median polygon and its legend entry are
left out.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from scoring.reports.pdf import FONT, GOLD, GREY, STOCKHOLM_BLUE, register_fonts

RINGS = 5
UNIT_LABEL = "Enheten"
MEDIAN_LABEL = "Klassens median"
_UNIT_FILL = colors.Color(STOCKHOLM_BLUE.red, STOCKHOLM_BLUE.green, STOCKHOLM_BLUE.blue, alpha=0.22)
_RING = colors.HexColor("#c8c8c8")


def _point(cx: float, cy: float, radius: float, axis: int, n_axes: int) -> tuple[float, float]:
    """Axis 0 points straight up; the rest follow clockwise."""
    angle = math.pi / 2 - 2 * math.pi * axis / n_axes
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _polygon_points(cx, cy, radius, values, scale_max) -> list[float]:
    points: list[float] = []
    for axis, value in enumerate(values):
        share = min(max((value or 0) / scale_max, 0.0), 1.0)
        points.extend(_point(cx, cy, radius * share, axis, len(values)))
    return points


def _draw_grid(d: Drawing, cx: float, cy: float, radius: float, n_axes: int,
               scale_max: int) -> None:
    for ring in range(1, RINGS + 1):
        share = ring / RINGS
        d.add(Polygon(_polygon_points(cx, cy, radius, [share * scale_max] * n_axes, scale_max),
                      strokeColor=_RING, strokeWidth=0.6, fillColor=None))
        label = f"{scale_max * ring // RINGS}"
        d.add(String(cx + 3, cy + radius * share + 1.5, label,
                     fontName=FONT, fontSize=6.5, fillColor=GREY))
    for axis in range(n_axes):
        x, y = _point(cx, cy, radius, axis, n_axes)
        d.add(Line(cx, cy, x, y, strokeColor=_RING, strokeWidth=0.6))


def _draw_axis_label(d: Drawing, cx, cy, radius, axis, n_axes, label) -> None:
    """Up to three lines outside the outer ring, anchored away from the chart."""
    x, y = _point(cx, cy, radius + 10, axis, n_axes)
    dx = x - cx
    anchor = "start" if dx > radius * 0.2 else "end" if dx < -radius * 0.2 else "middle"
    lines = textwrap.wrap(label, 24)[:3] or [""]
    size, leading = 7.5, 9
    if y > cy + radius * 0.5:  # top: stack upwards from the ring
        top = y + (len(lines) - 1) * leading
    elif y < cy - radius * 0.5:  # bottom: hang below the ring
        top = y - size
    else:
        top = y + (len(lines) - 1) * leading / 2 - size / 3
    for i, line in enumerate(lines):
        d.add(String(x, top - i * leading, line, fontName=FONT, fontSize=size,
                     fillColor=colors.black, textAnchor=anchor))


def _draw_legend(d: Drawing, x: float, y: float, with_median: bool) -> None:
    d.add(Rect(x, y, 10, 8, fillColor=_UNIT_FILL, strokeColor=STOCKHOLM_BLUE, strokeWidth=1.2))
    d.add(String(x + 14, y + 1, UNIT_LABEL, fontName=FONT, fontSize=8))
    if with_median:
        d.add(Line(x + 80, y + 4, x + 92, y + 4, strokeColor=GOLD, strokeWidth=1.5,
                   strokeDashArray=[3, 2]))
        d.add(String(x + 96, y + 1, MEDIAN_LABEL, fontName=FONT, fontSize=8))


def radar_chart(axis_labels: Sequence[str], unit_scores: Sequence[float | None],
                median_scores: Sequence[float | None], *, scale_max: int = 100,
                width: float = 440, height: float = 300) -> Drawing:
    """The unit's polygon over the class-median polygon on a fixed scale.

    All three sequences have one entry per axis (the five criteria); at
    least three axes are needed for a polygon.
    """
    n_axes = len(axis_labels)
    if n_axes < 3 or len(unit_scores) != n_axes or len(median_scores) != n_axes:
        raise ValueError("Ett radardiagram behöver minst tre axlar och ett värde per axel.")
    register_fonts()
    d = Drawing(width, height, initialFontName=FONT)  # never the non-embedded Helvetica
    cx, cy = width / 2, height / 2 + 8
    radius = min(width * 0.5 - 95, height * 0.5 - 38)
    _draw_grid(d, cx, cy, radius, n_axes, scale_max)
    with_median = any(m is not None for m in median_scores)
    if with_median:
        d.add(Polygon(_polygon_points(cx, cy, radius, median_scores, scale_max),
                      strokeColor=GOLD, strokeWidth=1.5, strokeDashArray=[3, 2], fillColor=None))
    unit_points = _polygon_points(cx, cy, radius, unit_scores, scale_max)
    d.add(Polygon(unit_points, strokeColor=STOCKHOLM_BLUE, strokeWidth=1.6, fillColor=_UNIT_FILL))
    for i in range(0, len(unit_points), 2):
        d.add(Circle(unit_points[i], unit_points[i + 1], 2.2, fillColor=STOCKHOLM_BLUE,
                     strokeColor=None))
    for axis, label in enumerate(axis_labels):
        _draw_axis_label(d, cx, cy, radius, axis, n_axes, label)
    _draw_legend(d, cx - (95 if with_median else 30), 4, with_median)
    return d
