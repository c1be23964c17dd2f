from django.urls import path

from content import api

urlpatterns = [
    path("content/", api.ContentListCreate.as_view(), name="api-content"),
    path("content/<int:pk>/", api.ContentDetail.as_view(), name="api-content-item"),
    path("content/<int:pk>/transition/", api.ContentTransition.as_view(), name="api-content-transition"),
]
