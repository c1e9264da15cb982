"""A radar (spider) chart of one unit's criterion scores against its class.

Pure ReportLab graphics, so it renders inside a PDF with no browser and no
matplotlib. The scale is fixed (0..scale_max, rings at every fifth) so two
units' charts can be compared by eye.

Missing values: a None score is drawn at 0 (the centre) so the polygon stays
closed; the report's score table says "Ej bedömd" beside it. When the class
median is missing for every axis the median polygon and its legend entry are
left out.

The chart is first laid out as a list of plain drawing operations; two
renderers turn them into output. `radar_chart` builds a ReportLab Drawing
(one shape per operation), and `radar_flowable`, which every feedback report
uses, draws the same operations straight onto the page canvas: the generic
Drawing renderer (a saved and restored graphics state and a state diff per
shape) cost about a fifth of a report's build time.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

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


# Drawing operations (plain tuples, in painting order):
#   ("polygon", points, stroke_colour, stroke_width, dash | None, fill_colour | None)
#   ("line", x1, y1, x2, y2, stroke_colour, stroke_width, dash | None)
#   ("circle", cx, cy, r, fill_colour)
#   ("rect", x, y, width, height, fill_colour, stroke_colour, stroke_width)
#   ("text", x, y, text, font_size, fill_colour, anchor)   anchor: start | middle | end
Op = tuple


def _grid_ops(cx: float, cy: float, radius: float, n_axes: int, scale_max: int) -> list[Op]:
    ops: list[Op] = []
    for ring in range(1, RINGS + 1):
        share = ring / RINGS
        ops.append(("polygon", _polygon_points(cx, cy, radius, [share * scale_max] * n_axes, scale_max),
                    _RING, 0.6, None, None))
        ops.append(("text", cx + 3, cy + radius * share + 1.5, f"{scale_max * ring // RINGS}",
                    6.5, GREY, "start"))
    for axis in range(n_axes):
        x, y = _point(cx, cy, radius, axis, n_axes)
        ops.append(("line", cx, cy, x, y, _RING, 0.6, None))
    return ops


def _axis_label_ops(cx, cy, radius, axis, n_axes, label) -> list[Op]:
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
    return [("text", x, top - i * leading, line, size, colors.black, anchor)
            for i, line in enumerate(lines)]


def _legend_ops(x: float, y: float, with_median: bool) -> list[Op]:
    ops: list[Op] = [("rect", x, y, 10, 8, _UNIT_FILL, STOCKHOLM_BLUE, 1.2),
                     ("text", x + 14, y + 1, UNIT_LABEL, 8, colors.black, "start")]
    if with_median:
        ops.append(("line", x + 80, y + 4, x + 92, y + 4, GOLD, 1.5, [3, 2]))
        ops.append(("text", x + 96, y + 1, MEDIAN_LABEL, 8, colors.black, "start"))
    return ops


def _chart_ops(axis_labels: Sequence[str], unit_scores: Sequence[float | None],
               median_scores: Sequence[float | None], scale_max: int,
               width: float, height: float) -> list[Op]:
    n_axes = len(axis_labels)
    if n_axes < 3 or len(unit_scores) != n_axes or len(median_scores) != n_axes:
        raise ValueError("Ett radardiagram behöver minst tre axlar och ett värde per axel.")
    cx, cy = width / 2, height / 2 + 8
    radius = min(width * 0.5 - 95, height * 0.5 - 38)
    ops = _grid_ops(cx, cy, radius, n_axes, scale_max)
    with_median = any(m is not None for m in median_scores)
    if with_median:
        ops.append(("polygon", _polygon_points(cx, cy, radius, median_scores, scale_max),
                    GOLD, 1.5, [3, 2], None))
    unit_points = _polygon_points(cx, cy, radius, unit_scores, scale_max)
    ops.append(("polygon", unit_points, STOCKHOLM_BLUE, 1.6, None, _UNIT_FILL))
    for i in range(0, len(unit_points), 2):
        ops.append(("circle", unit_points[i], unit_points[i + 1], 2.2, STOCKHOLM_BLUE))
    for axis, label in enumerate(axis_labels):
        ops.extend(_axis_label_ops(cx, cy, radius, axis, n_axes, label))
    ops.extend(_legend_ops(cx - (95 if with_median else 30), 4, with_median))
    return ops


def radar_chart(axis_labels: Sequence[str], unit_scores: Sequence[float | None],
                median_scores: Sequence[float | None], *, scale_max: int = 100,
                width: float = 440, height: float = 300) -> Drawing:
    """The unit's polygon over the class-median polygon on a fixed scale, as a Drawing.

    All three sequences have one entry per axis (the five criteria); at
    least three axes are needed for a polygon.
    """
    ops = _chart_ops(axis_labels, unit_scores, median_scores, scale_max, width, height)
    register_fonts()
    d = Drawing(width, height, initialFontName=FONT)  # never the non-embedded Helvetica
    for op in ops:
        d.add(_shape(op))
    return d


def _shape(op: Op):
    kind = op[0]
    if kind == "polygon":
        _, points, stroke, stroke_width, dash, fill = op
        if dash:
            return Polygon(points, strokeColor=stroke, strokeWidth=stroke_width,
                           strokeDashArray=dash, fillColor=fill)
        return Polygon(points, strokeColor=stroke, strokeWidth=stroke_width, fillColor=fill)
    if kind == "line":
        _, x1, y1, x2, y2, stroke, stroke_width, dash = op
        if dash:
            return Line(x1, y1, x2, y2, strokeColor=stroke, strokeWidth=stroke_width,
                        strokeDashArray=dash)
        return Line(x1, y1, x2, y2, strokeColor=stroke, strokeWidth=stroke_width)
    if kind == "circle":
        _, x, y, r, fill = op
        return Circle(x, y, r, fillColor=fill, strokeColor=None)
    if kind == "rect":
        _, x, y, w, h, fill, stroke, stroke_width = op
        return Rect(x, y, w, h, fillColor=fill, strokeColor=stroke, strokeWidth=stroke_width)
    _, x, y, text, size, fill, anchor = op
    return String(x, y, text, fontName=FONT, fontSize=size, fillColor=fill, textAnchor=anchor)


class RadarFlowable(Flowable):
    """The same chart as `radar_chart`, drawn directly on the page canvas (fast)."""

    def __init__(self, ops: list[Op], width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._ops = ops

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        _draw_ops(self.canv, self._ops)


def radar_flowable(axis_labels: Sequence[str], unit_scores: Sequence[float | None],
                   median_scores: Sequence[float | None], *, scale_max: int = 100,
                   width: float = 440, height: float = 300) -> Flowable:
    """`radar_chart` as a flowable for a story; same arguments, same picture."""
    register_fonts()
    return RadarFlowable(_chart_ops(axis_labels, unit_scores, median_scores, scale_max, width, height),
                         width, height)


def _draw_ops(canv: Canvas, ops: list[Op]) -> None:
    """Paint the operations; graphics state is set only where it changes."""
    canv.saveState()
    stroke_colour = stroke_width = fill_colour = font_size = None
    dashed = False
    try:
        for op in ops:
            kind = op[0]
            if kind == "text":
                _, x, y, text, size, fill, anchor = op
                if size != font_size:
                    canv.setFont(FONT, size)
                    font_size = size
                if fill is not fill_colour:
                    canv.setFillColor(fill)
                    fill_colour = fill
                if anchor == "start":
                    canv.drawString(x, y, text)
                elif anchor == "end":
                    canv.drawRightString(x, y, text)
                else:
                    canv.drawCentredString(x, y, text)
                continue
            if kind == "circle":
                _, x, y, r, fill = op
                if fill is not fill_colour:
                    canv.setFillColor(fill)
                    fill_colour = fill
                canv.circle(x, y, r, stroke=0, fill=1)
                continue
            if kind == "polygon":
                _, points, stroke, width, dash, fill = op
            elif kind == "line":
                _, x1, y1, x2, y2, stroke, width, dash = op
                fill = None
            else:  # rect
                _, x, y, w, h, fill, stroke, width = op
                dash = None
            if stroke is not stroke_colour:
                canv.setStrokeColor(stroke)
                stroke_colour = stroke
            if width != stroke_width:
                canv.setLineWidth(width)
                stroke_width = width
            if dash:
                canv.setDash(dash, 0)
                dashed = True
            elif dashed:
                canv.setDash()
                dashed = False
            if fill is not None and fill is not fill_colour:
                canv.setFillColor(fill)
                fill_colour = fill
            if kind == "polygon":
                path = canv.beginPath()
                path.moveTo(points[0], points[1])
                for i in range(2, len(points), 2):
                    path.lineTo(points[i], points[i + 1])
                path.close()
                canv.drawPath(path, stroke=1, fill=0 if fill is None else 1)
            elif kind == "line":
                canv.line(x1, y1, x2, y2)
            else:
                canv.rect(x, y, w, h, stroke=1, fill=1)
    finally:
        canv.restoreState()
