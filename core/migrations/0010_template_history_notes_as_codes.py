"""Old automatic notes in template version histories get their text codes, so they are shown in
the reader's language. The texts are frozen here as written."""

from django.db import migrations

from core.migration_ops import stored_texts_to_codes

NOTES = {
    "templates.revised": ("Direvisi", {}),
    "templates.superseded_by": ("Digantikan v%(n)s", {"n": "int"}),
}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_alert_text_codes_and_topics"),
    ]

    operations = [
        stored_texts_to_codes(
            "core.TemplateVersionChange", text="note", code="note_code", params="note_params", known=NOTES
        ),
    ]
