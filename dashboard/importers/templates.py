"""Template workbooks, one per kind of sheet: the columns, a filled example, the accepted names.

Each kind declares its templates (`dashboard.importers.registry.Template`) beside its column names;
this module only writes them. `python -m dashboard.importers.templates` writes every one to
`data/templates/` (the Data page offers the same bytes for download).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from dashboard.config import PROJECT_ROOT
from dashboard.importers.registry import Template, templates

TEMPLATE_DIR = PROJECT_ROOT / "data" / "templates"


def template_names() -> list[str]:
    """Every template, in the order the Data page lists them."""
    return [template.name for template in templates()]


def get_template(name: str) -> Template:
    """A template by name (`metrics`, `metrics-wide`, `outputs`, ...); KeyError if there is none."""
    for template in templates():
        if template.name == name:
            return template
    raise KeyError(name)


def build_template(name: str) -> bytes:
    """A template workbook: the data sheet with examples, then the accepted column names."""
    import xlsxwriter

    spec = get_template(name)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(name.replace("-", " ").title()[:31])
    for col, column in enumerate(spec.header):
        sheet.write_string(0, col, column, bold)
        sheet.set_column(col, col, max(14, len(column) + 4))
    for r, row in enumerate(spec.rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, col, value, day)
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    help_sheet = book.add_worksheet("Accepted columns")
    for col, title in enumerate(["column", "required", "accepted names and values"]):
        help_sheet.write_string(0, col, title, bold)
    for r, (column, (required, names)) in enumerate(spec.columns.items(), start=1):
        help_sheet.write_string(r, 0, column)
        help_sheet.write_string(r, 1, "yes" if required else "no")
        help_sheet.write_string(r, 2, names)
    help_sheet.set_column(0, 0, 22)
    help_sheet.set_column(2, 2, 80)
    book.close()
    return buffer.getvalue()


def write_templates(target: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for template in templates():
        path = target / template.file_name
        path.write_bytes(build_template(template.name))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for written in write_templates():
        print(written)
