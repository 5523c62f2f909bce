"""Uploading tracker exports on the Data page: preview, notes, import, nothing stored for a bad file."""

from __future__ import annotations

from conftest import TEST_DATA, open_page, shown
from sqlmodel import Session, select

from dashboard.models import ImportBatch, Output

DATA = TEST_DATA / "outputs"


def _upload(at, name: str):
    data = (DATA / name).read_bytes()
    at.file_uploader(key="data.upload.files").set_value([(name, data, "text/csv")]).run()
    return at


def test_jira_export_previews_and_imports(empty_app_db):
    at = _upload(open_page("pages/4_Data.py"), "jira-server_current-fields_hoinc-minimal.csv")
    assert not at.exception
    captions = shown(" ".join(c.value for c in at.caption))
    assert "No completion date column was found, so none of the 64 outputs has a ship date" in captions
    assert "Columns used: type: Issue Type, key: Issue key, title: Summary, status: Status" in captions
    assert "Without a team: 64 outputs, 0 shipped" in captions
    preview = at.dataframe[0].value
    assert list(preview.columns[:3]) == ["Key", "Title", "Type"] and "not shipped" in set(preview["Shipped on"])
    button = next(b for b in at.button if b.key == "data.import.0")
    button.click().run()
    assert not at.exception
    with Session(empty_app_db) as s:
        rows = s.exec(select(Output)).all()
        batch = s.exec(select(ImportBatch)).one()
    assert len(rows) == 64 and all(o.shipped_on is None for o in rows) and batch.kind == "outputs"


def test_bad_export_is_refused_in_german(empty_app_db):
    at = _upload(open_page("pages/4_Data.py", lang="de"), "bad_broken-dates.csv")
    assert not at.exception
    text = shown(" ".join(m.value for m in at.markdown))
    assert "Zeile 3" in text and "32/Foo/25 2:38 PM" in text and "BAD-1" in text
    assert not [b for b in at.button if (b.key or "").startswith("data.import.")]
    with Session(empty_app_db) as s:
        assert s.exec(select(Output)).all() == [] and s.exec(select(ImportBatch)).all() == []
