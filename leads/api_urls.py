from django.urls import path

from leads import api

urlpatterns = [
    path("leads/", api.LeadListCreate.as_view(), name="api-leads"),
    path("leads/<int:pk>/", api.LeadDetail.as_view(), name="api-lead"),
    path("leads/<int:pk>/transition/", api.LeadTransition.as_view(), name="api-lead-transition"),
    path("leads/<int:pk>/interactions/", api.LeadInteractions.as_view(), name="api-lead-interactions"),
]
