"""Migration helpers shared by the apps."""

from __future__ import annotations

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """Run raw SQL (extensions, expression or partial indexes) on PostgreSQL and nothing elsewhere:
    the embedded SQLite default scans, which is fine at its sizes."""

    def run(statements: list[str]):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward))


def stored_texts_to_codes(
    model: str,
    *,
    text: str,
    code: str,
    params: str,
    known: dict[str, tuple[str, dict[str, object]]],
) -> migrations.RunPython:
    """Give the old rows of `model` whose `text` is one of the `known` office-language texts its
    text code and parameters (`core.texts`), so they too are shown in the reader's language; rows
    with other words (typed by someone, or a provider's) keep their text only.

    `known` maps a code to its Indonesian msgid, frozen in the migration, and how each parameter
    was written: "int", "datetime" (as "%d-%m-%Y %H:%M" in the office zone, stored back as ISO UTC),
    or a {label: value} dict for a choice shown by its label (a row with another label is not this
    code's); other parameters stay text."""
    import re
    from datetime import datetime

    from django.utils import timezone

    def matcher(msgid: str) -> re.Pattern[str]:
        pattern = re.escape(msgid)
        pattern = re.sub(r"%\\\(([a-z_]+)\\\)s", r"(?P<\1>.+?)", pattern)
        return re.compile(f"^{pattern}$", re.DOTALL)

    def convert(value: str, kind: object) -> object:
        if kind == "int":
            return int(value) if value.isdigit() else value
        if kind == "datetime":
            try:
                naive = datetime.strptime(value, "%d-%m-%Y %H:%M")
            except ValueError:
                return value
            return timezone.make_aware(naive).astimezone(timezone.get_fixed_timezone(0)).isoformat()
        if isinstance(kind, dict):
            return kind[value]  # KeyError: not this code's text after all (the row is left alone)
        return value

    def forward(apps, schema_editor):
        Model = apps.get_model(model)
        for code_name, (msgid, kinds) in known.items():
            names = re.findall(r"%\(([a-z_]+)\)s", msgid)
            choice = kinds.get(names[0]) if len(names) == 1 else None
            # A text with no parameter, or only one choice parameter, takes one UPDATE per value
            # (history tables are large); the rest are matched row by row.
            variants: list[tuple[str, dict[str, object]]] | None = None
            if not names:
                variants = [(msgid, {})]
            elif isinstance(choice, dict):
                variants = [
                    (msgid.replace(f"%({names[0]})s", label), {names[0]: value})
                    for label, value in choice.items()
                ]
            if variants is not None:
                for words, values in variants:
                    Model.objects.filter(**{code: "", text: words}).update(
                        **{code: code_name, params: values}
                    )
                continue
            regex = matcher(msgid)
            prefix = msgid.split("%(", 1)[0]
            rows = Model.objects.filter(**{code: "", f"{text}__startswith": prefix}).only("pk", text)
            batch = []
            for row in rows.iterator(chunk_size=2000):
                found = regex.match(getattr(row, text))
                if found is None:
                    continue
                try:
                    values = {
                        name: convert(value, kinds.get(name)) for name, value in found.groupdict().items()
                    }
                except KeyError:
                    continue
                setattr(row, code, code_name)
                setattr(row, params, values)
                batch.append(row)
                if len(batch) >= 1000:
                    Model.objects.bulk_update(batch, [code, params])
                    batch = []
            if batch:
                Model.objects.bulk_update(batch, [code, params])

    return migrations.RunPython(forward, migrations.RunPython.noop)
