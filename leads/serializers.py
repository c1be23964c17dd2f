"""Lead API fields (DESIGN.md): serializers validate and coerce; services write."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.dates import SaneDateTimeSerializerField
from leads.models import Direction, Interaction, InteractionKind, Lead, LeadStatus, Outcome
from leads.phones import InvalidPhoneNumber, normalize_email, normalize_phone


def phone_field_value(value: str) -> str:
    """The API's one phone-field validator (leads and inquiries): blank stays blank, else E.164."""
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except InvalidPhoneNumber as exc:
        raise serializers.ValidationError(str(exc)) from exc


class LeadSerializer(serializers.ModelSerializer):
    consent = serializers.BooleanField(source="has_marketing_consent", required=False)
    obtained_at = SaneDateTimeSerializerField(required=False, allow_future=False)
    program_name = serializers.CharField(source="program.name", read_only=True, default="")
    institution_name = serializers.CharField(source="institution.name", read_only=True, default="")
    campaign = serializers.CharField(source="campaign_code", read_only=True, allow_null=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "full_name",
            "phone",
            "whatsapp",
            "email",
            "instagram",
            "facebook",
            "status",
            "temperature",
            "track",
            "source",
            "source_detail",
            "program",
            "program_name",
            "institution",
            "institution_name",
            "owner",
            "consent",
            "campaign",
            "obtained_at",
            "entered_at",
            "is_late_entry",
            "phone_state",
            "email_state",
            "name_state",
            "notes",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "entered_at",
            "is_late_entry",
            "phone_state",
            "email_state",
            "name_state",
            "created_at",
        ]

    def validate_phone(self, value: str) -> str:
        return phone_field_value(value)

    def validate_whatsapp(self, value: str) -> str:
        return phone_field_value(value)

    def validate_email(self, value: str) -> str:
        return normalize_email(value)

    def validate(self, attrs):
        instance = self.instance
        contacts = [
            attrs.get(k, getattr(instance, k, "") if instance else "") for k in ("phone", "whatsapp", "email")
        ]
        if not any(contacts):
            raise serializers.ValidationError(_("Isi minimal satu kontak: telepon, WhatsApp atau email."))
        return attrs


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LeadStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class InteractionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=InteractionKind.choices)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.OUTBOUND)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True, default="")
    occurred_at = SaneDateTimeSerializerField(required=False, allow_future=False)
    next_follow_up_at = SaneDateTimeSerializerField(required=False, allow_null=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "lead",
            "kind",
            "direction",
            "outcome",
            "note",
            "occurred_at",
            "next_follow_up_at",
            "created_by",
        ]
        read_only_fields = ["id", "lead", "created_by"]
        extra_kwargs = {"occurred_at": {"required": False}}
