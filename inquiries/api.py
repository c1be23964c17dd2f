"""REST API: `inquiries/` (list with filters channel, level, status; create for manual channels) and `inquiries/<id>/`."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from rest_framework import generics, status
from rest_framework.response import Response

from inquiries.models import Channel, Inquiry, InquiryStatus, Level, Message
from inquiries.serializers import InquiryDetailSerializer, InquirySerializer, ManualInquirySerializer


class InquiryFilter(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    level = django_filters.TypedChoiceFilter(choices=Level.choices, coerce=int)
    status = django_filters.ChoiceFilter(choices=InquiryStatus.choices)

    class Meta:
        model = Inquiry
        fields = ["channel", "level", "status"]


class InquiryListCreate(generics.ListCreateAPIView):
    filterset_class = InquiryFilter
    queryset = Inquiry.objects.select_related("category").order_by("-received_at", "-pk")

    def get_serializer_class(self):
        return ManualInquirySerializer if self.request.method == "POST" else InquirySerializer

    def create(self, request, *args, **kwargs):
        serializer = ManualInquirySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        inquiry = serializer.save()
        detail = InquiryDetailSerializer(_detail_queryset().get(pk=inquiry.pk))
        return Response(detail.data, status=status.HTTP_201_CREATED)


def _detail_queryset():
    return Inquiry.objects.select_related("category").prefetch_related(
        Prefetch("messages", queryset=Message.objects.select_related("outbound").order_by("sent_at", "pk"))
    )


class InquiryDetail(generics.RetrieveAPIView):
    serializer_class = InquiryDetailSerializer

    def get_queryset(self):
        return _detail_queryset()
