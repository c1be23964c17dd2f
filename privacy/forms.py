from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    confirm = forms.CharField(max_length=10)
    note = forms.CharField(max_length=2000, required=False)

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"] != "HAPUS":
            raise ValidationError(_("Ketik HAPUS untuk mengonfirmasi penghapusan data pribadi."))
        return self.cleaned_data["confirm"]
