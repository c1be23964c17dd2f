"""REST API for leads (DESIGN.md): the same validation, duplicate rule and pipeline as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from leads import selectors, services
from leads.access import check_may_work_on
from leads.filters import LeadFilter
from leads.models import Interaction, Lead
from leads.serializers import InteractionSerializer, LeadSerializer, TransitionSerializer

API_CONSENT_WORDING = "Persetujuan dicatat oleh sistem pengirim (API)"


class LeadListCreate(generics.ListCreateAPIView):
    serializer_class = LeadSerializer
    filterset_class = LeadFilter

    def get_queryset(self):
        return selectors.lead_list()

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = data.pop("has_marketing_consent", None)
        result = services.create_lead(
            by=request.user,
            consent=consent,
            consent_wording=API_CONSENT_WORDING,
            consent_source="api",
            **data,
        )
        # A duplicate returns the existing lead (200), never a second record.
        return Response(
            LeadSerializer(result.lead).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class LeadDetail(generics.RetrieveUpdateAPIView):
    serializer_class = LeadSerializer

    def get_queryset(self):
        return selectors.lead_list()

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        try:
            services.edit_lead(
                serializer.instance,
                by=self.request.user,
                consent=data.pop("has_marketing_consent", None),
                consent_wording=API_CONSENT_WORDING,
                consent_source="api",
                **data,
            )
        except services.DuplicateContact as exc:
            raise ValidationError({"detail": exc.message, "existing_lead": exc.existing.pk}) from exc


class LeadTransition(APIView):
    required_perms = ["leads.view_lead", "leads.transition_lead"]
    serializer_class = TransitionSerializer

    def post(self, request: Request, pk: int) -> Response:
        lead = check_may_work_on(request.user, get_object_or_404(Lead, pk=pk))
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            lead = services.transition_lead(
                lead,
                to=serializer.validated_data["status"],
                by=request.user,
                note=serializer.validated_data["note"],
                reason=serializer.validated_data["reason"],
            )
        except services.IllegalTransition as exc:
            return Response(
                {"detail": " ".join(exc.messages), "status": lead.status}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(LeadSerializer(selectors.lead_list().get(pk=lead.pk)).data)


class LeadInteractions(generics.ListCreateAPIView):
    serializer_class = InteractionSerializer
    filterset_class = None

    def get_permissions(self):
        self.required_perms = (
            ["leads.view_interaction"] if self.request.method == "GET" else ["leads.add_interaction"]
        )
        return super().get_permissions()

    def get_lead(self) -> Lead:
        return get_object_or_404(Lead, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no lead id
            return Interaction.objects.none()
        return self.get_lead().interactions.select_related("created_by")

    def perform_create(self, serializer):
        check_may_work_on(self.request.user, self.get_lead())
        data = serializer.validated_data
        serializer.instance = services.log_interaction(
            self.get_lead(),
            kind=data["kind"],
            direction=data["direction"],
            outcome=data.get("outcome", ""),
            note=data.get("note", ""),
            by=self.request.user,
            occurred_at=data.get("occurred_at"),
            next_follow_up_at=data.get("next_follow_up_at"),
        )
