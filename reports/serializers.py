"""Shapes of the report JSON (for the OpenAPI schema; the selectors build the data).

The keys of DESIGN.md stay exactly as they are; later fields are only ever added.
"""

from rest_framework import serializers


class CategoryRowSerializer(serializers.Serializer):
    category_id = serializers.IntegerField(allow_null=True)
    category = serializers.CharField()
    inquiries = serializers.IntegerField()


class StaffRowSerializer(serializers.Serializer):
    staff_id = serializers.IntegerField(allow_null=True)
    staff = serializers.CharField()
    interactions = serializers.IntegerField(
        help_text="Interactions that happened that day, logged by this person"
    )
    replies = serializers.IntegerField(help_text="Inquiry replies this person sent that day")


class DailyReportSerializer(serializers.Serializer):
    date = serializers.DateField()
    inquiries_total = serializers.IntegerField()
    by_channel = serializers.DictField(child=serializers.IntegerField())
    by_level = serializers.DictField(child=serializers.IntegerField())
    first_response_within_sla = serializers.IntegerField()
    first_response_within_sla_pct = serializers.FloatField()
    new_leads_total = serializers.IntegerField()
    new_leads_by_source = serializers.DictField(child=serializers.IntegerField())
    inquiries_by_state = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="State at the end of the day: resolved, escalated, answered, open (each inquiry in one)",
    )
    inquiries_by_category = CategoryRowSerializer(many=True)
    late_entries_total = serializers.IntegerField(help_text="Leads entered more than 1x24 h after obtained")
    late_entries_by_source = serializers.DictField(child=serializers.IntegerField())
    interactions_total = serializers.IntegerField()
    replies_total = serializers.IntegerField()
    interactions_by_staff = StaffRowSerializer(many=True)


class ConversionRowSerializer(serializers.Serializer):
    label = serializers.CharField(required=False)
    leads = serializers.IntegerField()
    interested = serializers.IntegerField()
    registered = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    conversion_rate = serializers.FloatField(help_text="registered / leads, in percent")
    enrolment_rate = serializers.FloatField(help_text="enrolled / leads, in percent")


class ChannelRowSerializer(ConversionRowSerializer):
    channel = serializers.CharField(
        help_text="Channel of the first inquiry; 'none' for leads that never wrote one"
    )


class SourceRowSerializer(ConversionRowSerializer):
    source = serializers.CharField()


class ActivitySerializer(serializers.Serializer):
    registered = serializers.IntegerField(
        help_text="Leads moved to registered in the period, whatever their entry date"
    )
    enrolled = serializers.IntegerField(
        help_text="Leads moved to enrolled in the period, whatever their entry date"
    )


class ChannelActivityRowSerializer(ActivitySerializer):
    channel = serializers.CharField()
    label = serializers.CharField()


class SourceActivityRowSerializer(ActivitySerializer):
    source = serializers.CharField()
    label = serializers.CharField()


class WeeklyReportSerializer(serializers.Serializer):
    week = serializers.CharField()
    by_channel = ChannelRowSerializer(many=True)
    by_source = SourceRowSerializer(many=True)
    cohort = ConversionRowSerializer(help_text="All leads that entered in the period")
    activity = ActivitySerializer()
    activity_by_channel = ChannelActivityRowSerializer(many=True)
    activity_by_source = SourceActivityRowSerializer(many=True)


class CostFieldsSerializer(serializers.Serializer):
    cost = serializers.IntegerField()
    cost_per_lead = serializers.IntegerField(allow_null=True)
    cost_per_registrant = serializers.IntegerField(allow_null=True)
    cost_per_enrolled = serializers.IntegerField(allow_null=True)


class CostRowSerializer(SourceRowSerializer, CostFieldsSerializer):
    pass


class CohortCostSerializer(ConversionRowSerializer, CostFieldsSerializer):
    pass


class EventRowSerializer(CostFieldsSerializer):
    source = serializers.CharField()
    label = serializers.CharField()
    event = serializers.CharField()
    leads = serializers.IntegerField()
    registered = serializers.IntegerField()
    enrolled = serializers.IntegerField()


class TicketsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    resolved_within_24h = serializers.IntegerField()
    resolved_within_24h_pct = serializers.FloatField()
    closed = serializers.IntegerField()
    tagged = serializers.IntegerField()
    tagged_pct = serializers.FloatField()
    satisfaction_avg = serializers.FloatField(allow_null=True)
    satisfaction_responses = serializers.IntegerField()


class MonthlyReportSerializer(serializers.Serializer):
    month = serializers.CharField()
    by_source = CostRowSerializer(many=True)
    by_channel = ChannelRowSerializer(many=True)
    by_event = EventRowSerializer(many=True)
    cohort = CohortCostSerializer()
    tickets = TicketsSerializer()
    activity = ActivitySerializer()
    activity_by_channel = ChannelActivityRowSerializer(many=True)
    activity_by_source = SourceActivityRowSerializer(many=True)
