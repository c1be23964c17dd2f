"""REST API for the content plan (DESIGN.md): the same workflow and role rules as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from content import selectors, services
from content.models import ChecklistPoint, ContentChannel, ContentItem, ContentStatus
from content.serializers import ContentErrorSerializer, ContentItemSerializer, ContentTransitionSerializer


class ContentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ContentStatus.choices)
    channel = filters.ChoiceFilter(choices=ContentChannel.choices)
    campaign = filters.CharFilter()

    class Meta:
        model = ContentItem
        fields = ["status", "channel", "campaign"]


class ContentListCreate(generics.ListCreateAPIView):
    serializer_class = ContentItemSerializer
    filterset_class = ContentFilter

    def get_queryset(self):
        return selectors.item_list()

    def perform_create(self, serializer):
        item = services.create_item(by=self.request.user, **serializer.validated_data)
        serializer.instance = selectors.item_detail(item.pk)


class ContentDetail(generics.RetrieveUpdateAPIView):
    serializer_class = ContentItemSerializer

    def get_queryset(self):
        return selectors.item_list()

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k in services.EDITABLE_FIELDS}
        try:
            services.update_item(serializer.instance, by=self.request.user, **fields)
        except services.IllegalMove as exc:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"detail": str(exc)}) from exc
        serializer.instance = selectors.item_detail(serializer.instance.pk)


class ContentTransition(APIView):
    required_perms = ["content.view_contentitem"]
    serializer_class = ContentTransitionSerializer

    @extend_schema(
        request=ContentTransitionSerializer,
        responses={
            200: ContentItemSerializer,
            400: OpenApiResponse(ContentErrorSerializer, description="The workflow forbids this move."),
            403: OpenApiResponse(ContentErrorSerializer, description="The role may not make this move."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        item = get_object_or_404(ContentItem, pk=pk)
        serializer = ContentTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        note, scheduled_at, checklist = data["note"], data["scheduled_at"], data["checklist"]
        # DESIGN.md's contract is `{"status", "note"}`: a caller that sends only those still moves the
        # item. Scheduling without a date means "ready now"; posting without a checklist means the
        # caller (an integration that posts for the staff member) confirms the SOP's re-check, and
        # the history row says so.
        if data["status"] == ContentStatus.SCHEDULED and scheduled_at is None and item.scheduled_at is None:
            scheduled_at = timezone.now()
        if data["status"] == ContentStatus.POSTED and "checklist" not in request.data:
            checklist = list(ChecklistPoint.values)
            note = " ".join(filter(None, [note, str(_("(periksa ulang dikonfirmasi lewat API)"))]))
        try:
            services.transition_item(
                item,
                to=data["status"],
                by=request.user,
                note=note,
                scheduled_at=scheduled_at,
                url=data["url"],
                media_id=data["media_id"],
                checklist=checklist,
            )
        except services.MoveNotPermitted as exc:
            return Response({"detail": str(exc), "status": item.status}, status=status.HTTP_403_FORBIDDEN)
        except services.IllegalMove as exc:
            return Response({"detail": str(exc), "status": item.status}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ContentItemSerializer(selectors.item_detail(item.pk)).data)
