from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.forms import LoginForm

urlpatterns = [
    path("", include("core.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("leads/", include("privacy.urls")),  # /leads/merge/, /leads/<id>/privacy/...
    path("leads/", include("leads.urls")),
    path("calls/", include("leads.call_urls")),
    path("public/", include("inquiries.public_urls")),
    path("inbox/", include("inquiries.urls")),
    path("webhooks/", include("inquiries.webhook_urls")),
    path("survey/", include("inquiries.survey_urls")),
    path("unsubscribe/", include("leads.unsubscribe_urls")),
    path("outbox/", include("outbox.urls")),
    path("content/", include("content.urls")),
    path("r/", include("content.tracking_urls")),
    path("reports/", include("reports.urls")),
    path("templates/", include("core.template_library.urls")),
    path("office-calendar/", include("core.office_calendar.urls")),
    path("campaigns/", include("leads.campaigns.urls")),
    path("api/v1/", include("pmb_crm.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script from a URL (no inline script), so it works under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
