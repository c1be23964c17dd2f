from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.dates import SaneDateTimeSerializerField
from inquiries.forms import MANUAL_CHANNELS
from inquiries.models import Category, Inquiry, Message
from inquiries.services import workflow
from inquiries.templatetags.inbox import message_status
from leads.serializers import phone_field_value


class MessageSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(
        help_text="received (inbound), an outbox status, pending_approval or recorded"
    )

    class Meta:
        model = Message
        fields = ["id", "direction", "type", "text", "sent_at", "status"]

    def get_status(self, message: Message) -> str:
        return message_status(message)


class InquirySerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    lead = serializers.PrimaryKeyRelatedField(read_only=True)
    assignee = serializers.PrimaryKeyRelatedField(read_only=True)
    campaign = serializers.CharField(source="campaign_code", read_only=True, allow_null=True)

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "channel",
            "level",
            "category",
            "category_name",
            "status",
            "lead",
            "assignee",
            "contact_name",
            "is_crisis",
            "received_at",
            "first_response_due",
            "resolution_due",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "campaign",
        ]
        read_only_fields = fields


class InquiryDetailSerializer(InquirySerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(InquirySerializer.Meta):
        fields = InquirySerializer.Meta.fields + ["resolution_note", "messages"]
        read_only_fields = fields


class ManualInquirySerializer(serializers.Serializer):
    """Create for channels without an API (LinkedIn, phone, walk-in, comments, email, website)."""

    channel = serializers.ChoiceField(choices=[(c.value, c.label) for c in MANUAL_CHANNELS])
    text = serializers.CharField(max_length=4000)
    contact_name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    handle = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    received_at = SaneDateTimeSerializerField(
        required=False, allow_null=True, default=None, allow_future=False
    )
    level = serializers.ChoiceField(choices=[1, 2, 3], required=False, allow_null=True, default=None)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )

    def validate_phone(self, value: str) -> str:
        return phone_field_value(value)

    def validate(self, attrs):
        if not (attrs["contact_name"] or attrs["phone"] or attrs["email"] or attrs["handle"]):
            raise serializers.ValidationError(_("Isi nama penanya atau minimal satu kontak."))
        if attrs["level"] and not attrs["category"]:
            raise serializers.ValidationError({"category": _("Level hanya dapat diisi bersama kategori.")})
        return attrs

    def create(self, validated_data):
        try:
            return workflow.record_manual_inquiry(by=self.context["request"].user, **validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
