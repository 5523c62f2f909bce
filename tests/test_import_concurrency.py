"""Two people importing at the same time: both succeed, nothing is lost, no lock error."""

from __future__ import annotations

import threading

from sqlalchemy import text

from dashboard.importers.service import import_file


def _csv(start: int, metric: str, days: int = 300) -> bytes:
    rows = "".join(f"2026-{1 + (d // 28) % 12:02d}-{1 + d % 28:02d},{metric},{start + d}\n" for d in range(days))
    return ("date,metric,value\n" + rows).encode()


def _run_together(engine, files: list[tuple[bytes, str]]):
    barrier = threading.Barrier(len(files))
    results: list = [None] * len(files)
    errors: list[BaseException] = []

    def work(i: int, data: bytes, name: str) -> None:
        try:
            barrier.wait()
            results[i] = import_file(data, name, engine=engine, user=f"user{i}")[1]
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, d, n)) for i, (d, n) in enumerate(files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_imports_at_the_same_time_both_succeed(engine):
    # Both files create the same new metric and different points: no unique-name clash, nothing lost.
    a = _csv(0, "Signups", 300)
    b = ("date,metric,value\n" + "".join(f"2027-01-{1 + d:02d},Signups,{d}\n" for d in range(28))
         + "".join(f"2027-02-{1 + d:02d},Churn,{d}\n" for d in range(28))).encode()
    first, second = _run_together(engine, [(a, "a.csv"), (b, "b.csv")])
    assert first.ok and second.ok, (first.problems, second.problems)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one() == 300 + 56
        assert conn.execute(text("SELECT COUNT(*) FROM metric WHERE name = 'Signups'")).scalar_one() == 1
        assert conn.execute(text("SELECT COUNT(*) FROM import_batch")).scalar_one() == 2


def test_the_same_file_twice_at_the_same_time_is_stored_once(engine):
    data = _csv(10, "Visits", 200)
    first, second = _run_together(engine, [(data, "v.csv"), (data, "v.csv")])
    assert first.ok and second.ok
    assert sorted([first.counts["inserted"], second.counts["inserted"]]) == [0, 200]
    assert sorted([first.counts["unchanged"], second.counts["unchanged"]]) == [0, 200]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM metric_value")).scalar_one() == 200
