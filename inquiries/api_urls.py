from django.urls import path

from inquiries import api

urlpatterns = [
    path("inquiries/", api.InquiryListCreate.as_view(), name="api-inquiries"),
    path("inquiries/<int:pk>/", api.InquiryDetail.as_view(), name="api-inquiry"),
]
