"""Reading a store in input order, the same for every SQL database that holds one.

The SQLite and PostgreSQL stores share their tables; their queries differ only in the
placeholder for a parameter and in what keeps the insertion order of rows that have no key
of their own. Each store says how it runs a query (`_all`) and streams one (`_stream`).
"""

from __future__ import annotations

from collections.abc import Iterator

DOCUMENT_COLUMNS = (
    "id, seq, doc, path, sha256, status, reason, encoding, format, script, characters, "
    "n_metrics, n_events, record, extracted_at, tool_version"
)

# statuses of a document that running it again would not change
_FINISHED = "('ok', 'unsupported', 'skipped')"
# the rows of a table of records, joined to their documents (which give the input order)
RECORD_CHUNK = 2000  # rows fetched and written at a time by an export
_JOINED = "SELECT {columns} FROM {table} t JOIN documents d ON d.id = t.document_id"


class StoreReading:
    PARAM = "?"
    INSERTION_ORDER = "rowid"
    RECORDS_IN_ORDER = _JOINED.format(columns="t.record", table="{table}") + " ORDER BY d.seq, t.i"

    def _all(self, sql: str, params: tuple = ()) -> list[dict]:
        raise NotImplementedError

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[dict]:
        raise NotImplementedError

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._all("SELECT key, value FROM meta")}

    def stored_sha256(self, doc: str) -> str | None:
        """The content hash of a document stored under this name and finished with (status ok,
        unsupported or skipped: reading it again would say the same); None when it must be done."""
        rows = self._all(
            f"SELECT sha256 FROM documents WHERE doc={self.PARAM} AND status IN {_FINISHED}",
            (doc,),
        )
        return rows[0]["sha256"] if rows and rows[0]["sha256"] else None

    def iter_documents(self, with_text: bool = False) -> Iterator[dict]:
        cols = "*" if with_text else DOCUMENT_COLUMNS
        return self._stream(f"SELECT {cols} FROM documents ORDER BY seq")

    def document_text(self, document_id: int) -> str | None:
        rows = self._all(f"SELECT text FROM documents WHERE id={self.PARAM}", (document_id,))
        return rows[0]["text"] if rows else None

    def _iter_table(self, table: str, document_id: int | None) -> Iterator[dict]:
        where, params = "", ()
        if document_id is not None:
            where, params = f"WHERE t.document_id={self.PARAM}", (document_id,)
        joined = _JOINED.format(columns="t.*", table=table)
        return self._stream(f"{joined} {where} ORDER BY d.seq, t.i", params)

    def iter_metrics(self, document_id: int | None = None) -> Iterator[dict]:
        return self._iter_table("metrics", document_id)

    def iter_events(self, document_id: int | None = None) -> Iterator[dict]:
        return self._iter_table("events", document_id)

    def iter_records(self, table: str) -> Iterator[list[str]]:
        """The JSON records of `documents`, `metrics` or `events`, in input order, in chunks of
        up to `RECORD_CHUNK`: all an export of the records reads, so no other column is fetched,
        and no row is turned into a mapping."""
        if table == "documents":
            sql = "SELECT record FROM documents ORDER BY seq"
        elif table in ("metrics", "events"):
            sql = self.RECORDS_IN_ORDER.format(table=table)
        else:
            raise ValueError(table)
        return self._first_column(sql)

    def _first_column(self, sql: str) -> Iterator[list[str]]:
        """The first column of the rows of `sql`, in chunks (any store: through `_stream`)."""
        chunk: list = []
        for row in self._stream(sql):
            chunk.append(next(iter(row.values())))
            if len(chunk) == RECORD_CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def iter_rows(self, table: str) -> Iterator[dict]:
        """Warnings or errors, in input order."""
        if table not in ("warnings", "errors"):
            raise ValueError(table)
        joined = _JOINED.format(columns="t.*", table=table)
        return self._stream(f"{joined} ORDER BY d.seq, t.{self.INSERTION_ORDER}")

    def document_count(self) -> int:
        return self._all("SELECT COUNT(*) AS n FROM documents")[0]["n"]

    def counts(self) -> dict[str, int]:
        rows = self._all("SELECT status, COUNT(*) AS n FROM documents GROUP BY status")
        out = {r["status"]: r["n"] for r in rows}
        out["documents"] = sum(out.values())
        for table in ("metrics", "events", "warnings", "errors"):
            out[table] = self._all(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
        return out

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
