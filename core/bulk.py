"""Fast bulk inserts for imports of hundreds of thousands of rows (issue 13 item 2).

On PostgreSQL rows go in with COPY (ids taken from the table's sequence in one query first, so
instances get their pk as with `bulk_create`), each value turned into COPY text by a converter
chosen once per column: Django's per-value preparation dominates `bulk_create` for wide models.
Other databases use `bulk_create`. No signals are sent (as with `bulk_create`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _converter(field: models.Field) -> Callable[[Any], str]:
    """value -> PostgreSQL COPY text for one column."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def json_text(value: Any) -> str:
            return NULL if value is None else json.dumps(value, cls=encoder).translate(_ESCAPES)

        return json_text
    if isinstance(field, models.BooleanField):
        return lambda value: NULL if value is None else ("t" if value else "f")
    if isinstance(field, (models.DateTimeField, models.DateField, models.TimeField)):
        return lambda value: NULL if value is None else value.isoformat()
    if isinstance(field, (models.CharField, models.TextField)):
        return lambda value: NULL if value is None else str(value).translate(_ESCAPES)
    if isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey)):
        return lambda value: NULL if value is None else str(int(value))

    def prepared_text(value: Any) -> str:
        prepared = field.get_db_prep_save(value, connection)
        return NULL if prepared is None else str(prepared).translate(_ESCAPES)

    return prepared_text


def _copy(model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]) -> None:
    converters = [_converter(field) for field in fields]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join([convert(value) for convert, value in zip(converters, row, strict=True)]))
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer)


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_instances(model: type[models.Model], instances: Sequence[models.Model]) -> None:
    """Insert unsaved instances (setting their pk), like `bulk_create`; `auto_now` fields are set."""
    if not instances:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(instances, batch_size=1000)
        return
    meta = model._meta
    for instance, new_id in zip(instances, _next_ids(model, len(instances)), strict=True):
        instance.pk = new_id
    fields = list(meta.concrete_fields)
    auto = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for instance in instances:
        for field in auto:
            field.pre_save(instance, add=True)
    attnames = [field.attname for field in fields]
    _copy(model, fields, ([instance.__dict__[name] for name in attnames] for instance in instances))
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain rows: `names` are field attnames (`lead_id`), each row their values in order.
    Every other column takes its field default, evaluated ONCE for the call (never use this for a
    per-row unique default); the pk comes from the sequence."""
    if not rows:
        return
    meta = model._meta
    given = set(names)
    others = [field for field in meta.concrete_fields if field.attname not in given and not field.primary_key]
    if connection.vendor != "postgresql":
        defaults = {field.attname: field.get_default() for field in others}
        model._default_manager.bulk_create(
            [model(**defaults, **dict(zip(names, row, strict=True))) for row in rows], batch_size=1000
        )
        return
    pk = meta.pk
    assert pk is not None
    named = [meta.get_field(_field_name(meta, name)) for name in names]
    fields: list[models.Field] = [pk, *[field for field in named if isinstance(field, models.Field)], *others]
    constants = [field.get_default() for field in others]
    ids = _next_ids(model, len(rows))
    _copy(model, fields, ((new_id, *row, *constants) for new_id, row in zip(ids, rows, strict=True)))


def _field_name(meta: Any, attname: str) -> str:
    for field in meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise ValueError(f"{meta.label} has no column {attname}")
