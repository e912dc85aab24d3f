"""Geometry for SVG bar charts (rendered by `consultations/_bar_chart.html`, which escapes every label)."""

from typing import Any

BAR_HEIGHT = 24
GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 340


def bar_chart(title: str, rows: list[tuple[str, int]]) -> dict[str, Any]:
    """Bars scaled to the largest count; widths are SVG presentation attributes, never inline styles."""
    top = max((n for _, n in rows), default=0) or 1
    bars = []
    for i, (label, n) in enumerate(rows):
        y = i * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": label if len(label) <= 40 else label[:39] + "…",
                "count": n,
                "y": y,
                "text_y": y + BAR_HEIGHT - 7,
                "width": round(PLOT_WIDTH * n / top, 1),
                "value_x": LABEL_WIDTH + round(PLOT_WIDTH * n / top, 1) + 6,
            }
        )
    return {
        "title": title,
        "bars": bars,
        "height": max(1, len(rows)) * (BAR_HEIGHT + GAP),
        "width": LABEL_WIDTH + PLOT_WIDTH + 70,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
    }
