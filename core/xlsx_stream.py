"""An XLSX workbook of one sheet written as a stream of bytes, for StreamingHttpResponse.

openpyxl (even write-only) must finish the whole file before the first byte can be sent; this writes the sheet's
XML into a zip member as rows arrive and hands back the compressed bytes every few hundred rows, so memory stays
flat whatever the number of rows. Every text cell goes through `exports.spreadsheet_safe`, as in `append_row`.
Text is stored as inline strings, so nothing in a cell is ever read as a formula; a (naive, wall-clock) datetime
is a date cell shown as 2025-03-31 18:30.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .exports import _CHECK_FIRST, spreadsheet_safe

FLUSH_ROWS = 500
# Characters XML 1.0 cannot carry (openpyxl refuses them too); they are dropped from the text.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>]")
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - spreadsheet day numbers count wall-clock days
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def _fixed_parts(sheet_name: str) -> dict[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return {
        "[Content_Types].xml": head + f'<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": head + f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": head + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name={quoteattr(sheet_name[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": head + f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": head + f'<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>",
    }


class _Sink(io.RawIOBase):
    """A write-only, unseekable file collecting what zipfile writes until it is drained."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        out = b"".join(self.parts)
        self.parts = []
        return out


def _text(value: str) -> str:
    """Text as XML: characters XML cannot carry dropped, & < > escaped (most text needs neither)."""
    return escape(_ILLEGAL.sub("", value)) if _SPECIAL.search(value) else value


def _serial(value: datetime) -> float:
    """A (naive, wall-clock) datetime as a spreadsheet's day number since 1899-12-30."""
    delta = value - _EPOCH
    return delta.days + delta.seconds / 86400


_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
_CLOSE = "</t></is></c>"
_BLANK = "<c/>"


def _cell(value: Any) -> str:
    """A cell that is not plain text (numbers, dates, other values shown as text)."""
    if isinstance(value, str):
        if value[:1] in _CHECK_FIRST:
            value = spreadsheet_safe(value)
        return f"{_OPEN}{_text(value)}{_CLOSE}" if value else _BLANK
    if isinstance(value, datetime):
        return f'<c s="1"><v>{_serial(value)!r}</v></c>'
    if isinstance(value, Decimal) and value.is_finite():
        return f"<c><v>{value}</v></c>"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{_OPEN}{_text(str(value))}{_CLOSE}"
    return f"<c><v>{value!r}</v></c>"


def _row(values: Sequence[Any]) -> str:
    """One row's XML. Cells carry no reference (a cell without one is the next in its row, a row without one the
    next in the sheet), so a blank is an empty `<c/>`. A row whose text holds nothing to escape or drop (most) is
    checked once, not cell by cell."""
    parts = ["<row>"]
    add = parts.append
    plain = not _SPECIAL.search("".join([v for v in values if type(v) is str]))
    for value in values:
        if type(value) is str:
            if not value:
                add(_BLANK)
                continue
            if value[0] in _CHECK_FIRST:
                value = spreadsheet_safe(value)
            add(f"{_OPEN}{value}{_CLOSE}" if plain else f"{_OPEN}{_text(value)}{_CLOSE}")
        elif value is None:
            add(_BLANK)
        else:
            add(_cell(value))
    add("</row>")
    return "".join(parts)


def stream_xlsx(rows: Iterable[Any], sheet_name: str = "Sheet1") -> Iterator[bytes]:
    """The bytes of an .xlsx file holding `rows` (lists of text, numbers or None) on one sheet."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _fixed_parts(sheet_name).items():
            archive.writestr(name, text)
        yield sink.drain()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            start = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}"><sheetData>'
            sheet.write(start.encode())
            buffer: list[str] = []
            for row in rows:
                buffer.append(_row(row if isinstance(row, list | tuple) else list(row)))
                if len(buffer) >= FLUSH_ROWS:
                    sheet.write("".join(buffer).encode())
                    buffer = []
                    yield sink.drain()
            buffer.append("</sheetData></worksheet>")
            sheet.write("".join(buffer).encode())
    yield sink.drain()
