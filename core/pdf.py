"""Printable reports as PDF (WeasyPrint): a template rendered with the shared print style, plus a report's own.

Used by the plans' board report, the funding report and the board's dashboard.
"""

from typing import Any

from django.template.loader import render_to_string

LANDSCAPE = "@page { size: A4 landscape; margin: 14mm; } "
PRINT_CSS = (
    "body { font-family: sans-serif; font-size: 9pt; } "
    "table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #b1b4b6; "
    "padding: 3px; vertical-align: top; text-align: left; } h1 { font-size: 16pt; } "
    "h2 { font-size: 12pt; margin-top: 14pt; } .num { text-align: right; } "
)


def render_pdf(template: str, context: dict[str, Any], *, base_url: str, extra_css: str = "") -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string(template, context)
    css = CSS(string=LANDSCAPE + PRINT_CSS + extra_css)
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css])
    return pdf
