"""Shapes of the report JSON (for the OpenAPI schema; the selectors build the data)."""

from rest_framework import serializers


class DailyReportSerializer(serializers.Serializer):
    date = serializers.DateField()
    inquiries_total = serializers.IntegerField()
    by_channel = serializers.DictField(child=serializers.IntegerField())
    by_level = serializers.DictField(child=serializers.IntegerField())
    first_response_within_sla = serializers.IntegerField()
    first_response_within_sla_pct = serializers.FloatField()
    new_leads_total = serializers.IntegerField()
    new_leads_by_source = serializers.DictField(child=serializers.IntegerField())


class ConversionRowSerializer(serializers.Serializer):
    leads = serializers.IntegerField()
    interested = serializers.IntegerField()
    registered = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    conversion_rate = serializers.FloatField(help_text="registered / leads, in percent")


class ChannelRowSerializer(ConversionRowSerializer):
    channel = serializers.CharField()


class SourceRowSerializer(ConversionRowSerializer):
    source = serializers.CharField()


class WeeklyReportSerializer(serializers.Serializer):
    week = serializers.CharField()
    by_channel = ChannelRowSerializer(many=True)
    by_source = SourceRowSerializer(many=True)


class CostRowSerializer(SourceRowSerializer):
    cost = serializers.IntegerField()
    cost_per_registrant = serializers.IntegerField(allow_null=True)


class TicketsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    resolved_within_24h_pct = serializers.FloatField()
    tagged_pct = serializers.FloatField()
    satisfaction_avg = serializers.FloatField(allow_null=True)
    satisfaction_responses = serializers.IntegerField()


class MonthlyReportSerializer(serializers.Serializer):
    month = serializers.CharField()
    by_source = CostRowSerializer(many=True)
    tickets = TicketsSerializer()
