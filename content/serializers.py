"""Content API fields (DESIGN.md): serializers validate and coerce; services write."""

from __future__ import annotations

from rest_framework import serializers

from content.models import ChecklistPoint, ContentChannel, ContentItem, ContentStatus


class ContentItemSerializer(serializers.ModelSerializer):
    leads_count = serializers.IntegerField(read_only=True, default=0)
    inquiries_count = serializers.IntegerField(read_only=True, default=0)
    registrations_count = serializers.IntegerField(read_only=True, default=0)
    channel = serializers.ChoiceField(choices=ContentChannel.choices)

    class Meta:
        model = ContentItem
        fields = [
            "id",
            "title",
            "channel",
            "status",
            "campaign",
            "code",
            "program",
            "brief",
            "caption",
            "target_url",
            "scheduled_at",
            "posted_at",
            "url",
            "media_id",
            "owner",
            "cost",
            "link_clicks",
            "leads_count",
            "inquiries_count",
            "registrations_count",
            "created_at",
        ]
        read_only_fields = ["status", "code", "posted_at", "link_clicks", "created_at"]

    def validate_channel(self, value: str) -> str:
        if self.instance is not None and value != self.instance.channel:
            raise serializers.ValidationError("The channel is part of the code and cannot change.")
        return value


class ContentTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ContentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    media_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    checklist = serializers.ListField(
        child=serializers.ChoiceField(choices=ChecklistPoint.choices),
        required=False,
        default=list,
        help_text="Re-check points ticked before posting; `posted` needs all of text, visual, link, hashtags.",
    )


class ContentErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField(required=False)
