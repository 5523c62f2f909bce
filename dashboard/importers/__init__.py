"""Spreadsheet imports: bytes -> raw tables -> a kind's validated rows -> one transaction, undoable.

Reading layer (shared by every kind):

- `reading.read_file(data, file_name) -> ReadResult(tables, problems, notes)`: safety checks first
  (`safety.check_bytes`: size limit from `config.settings().max_upload_mb`, extension vs. magic bytes,
  zip bombs, encrypted OLE2, XML entities via defusedxml, empty/truncated/random files), then every
  table of the file as a `RawTable`: `sheet`, `header` (text, duplicates kept), `header_cells` (raw,
  Excel dates stay dates), `header_row`, `rows` = [(row number as Excel/an editor shows it, cells)],
  `notes` (e.g. `start_date` from a GA4 `# Start date:` line), `missing_formulas`, `number_hint`.
  Workbooks are read with python-calamine (saved formula values), CSV/TSV with sniffed delimiter and
  encoding, comment blocks and several tables per file; HTML tables saved as `.xls` are tables too.
- `reading.is_totals_row(cells, key_columns)`: `Total`/`Summe`/`Gesamt` rows and rows with empty keys.
- `headers`: `normalise(name)`, `register_aliases(kind, {field: [names]})`, `match_columns(header, kind)`
  -> {field: [column indexes]} (repeated headers give several indexes).
- `dashboard.parsing` (shared with forms and analysis): `parse_number(cell, notation) -> (float | None, unit)`,
  `parse_date(cell, order) -> date | None`, `is_empty(cell)`, `is_missing(x)`, `is_finite(x)`,
  `parse_expected_change(text)`; `values`: `number_notation(cells, hint)`, `date_order(cells)` for a whole
  column, `cell_text(cell)`.
- `rows`: what kinds share: `start(table, kind, ...)` -> `Sheet` (`rows`, `titled_rows`, `problem`,
  `objective_row`, `numbers`, `choice`, `rule_problem`), `split_keys`, `differs`, `new_row`.
- `problems.Problem(sheet, row, column, code, found, expected)`; `problem_lines(problems, lang)`
  renders the first 50 in the UI language (`import.problem.<code>` keys in the data messages).

Kinds: `registry.register(Kind(name, order, detect, prepare, write, announce, aliases, templates, label_key))`
from a module in `importers/kinds/`, named by a `dashboard.models.ImportKind`; `registry.kinds()` and
`registry.templates()` list them (Data page, template files, command line). `prepare(table, ctx) -> Prepared`
validates without writing, `write(prepared, rec)` writes through `store.Recorder` (`bulk_insert`,
`insert_returning_ids`, `record_inserts`, `record_update`, `update_row`, `audit`, `progress`) inside the
import's single transaction.

Entry points: `service.analyse(...)` (preview, nothing stored), `service.import_file(...)`,
`store.undo_import(...)`; `cli.register(sub)` adds `import`, `imports` and `undo` to the CLI.
"""

from dashboard.importers.problems import Problem, problem_lines, problem_text
from dashboard.importers.reading import RawTable, ReadResult, is_totals_row, read_file

__all__ = ["Problem", "RawTable", "ReadResult", "is_totals_row", "problem_lines", "problem_text", "read_file"]
