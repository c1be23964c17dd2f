"""Pages of /templates/: who may open and do what (object ids included), query counts."""

from __future__ import annotations

import pytest

from core.models import ResponseTemplate, TemplateKind, TemplateVersion, VersionStatus
from core.template_library import services
from core.template_library.services import VersionText

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(admin_marketing, kadiv):
    """An approved welcome v1 with a submitted revision v2."""
    v1 = services.create_template(
        kind=TemplateKind.WELCOME,
        name="Sambutan",
        text=VersionText(body="Halo {name} v1"),
        by=admin_marketing,
    )
    services.submit_version(v1, by=admin_marketing)
    services.approve_version(v1, by=kadiv)
    return services.revise_template(
        v1.template, text=VersionText(body="Halo {name} v2"), by=admin_marketing, submit=True
    )


def test_library_lists_templates_with_the_version_in_use(client_for, kadiv, submitted):
    page = client_for(kadiv).get("/templates/").content.decode()
    assert "Sambutan" in page and "v1" in page and "menunggu persetujuan" in page


def test_library_list_query_count_does_not_grow_per_template(
    client_for, kadiv, submitted, django_assert_num_queries
):
    client = client_for(kadiv)
    client.get("/templates/")  # warm the session and permission caches of the request user
    # session, user, permissions (user + group), templates with counts, queue count
    with django_assert_num_queries(6):
        client.get("/templates/")


@pytest.mark.parametrize("persona", ["kadiv", "supervisor", "admin_medsos", "admin_marketing"])
def test_navigation_shows_the_library_to_kadiv_supervisor_and_admins(client_for, request, persona):
    page = client_for(request.getfixturevalue(persona)).get("/").content.decode()
    assert 'href="/templates/"' in page


def test_units_cannot_open_the_library_nor_a_template_id(client_for, unit_user, submitted):
    client = client_for(unit_user)
    assert client.get("/templates/").status_code == 403
    assert client.get(f"/templates/{submitted.template_id}/").status_code == 404
    assert 'href="/templates/"' not in client.get("/").content.decode()


def test_unknown_template_and_version_ids_are_404(client_for, kadiv):
    client = client_for(kadiv)
    assert client.get("/templates/999999/").status_code == 404
    assert client.post("/templates/versions/999999/approve/").status_code == 404


def test_detail_shows_the_approved_preview_and_the_open_draft(client_for, admin_marketing, submitted):
    page = client_for(admin_marketing).get(f"/templates/{submitted.template_id}/").content.decode()
    assert "Halo Siti v1" in page  # approved text, filled for the sample lead
    assert "Halo Siti v2" in page  # the submitted revision's preview


def test_staff_creates_a_draft_through_the_page(client_for, admin_medsos):
    response = client_for(admin_medsos).post(
        "/templates/new/",
        {"kind": "faq", "name": "Biaya kuliah", "language": "id", "body": "UKT mulai Rp{program}"},
    )
    template = ResponseTemplate.objects.get(name="Biaya kuliah")
    assert response.status_code == 302 and response["Location"] == f"/templates/{template.pk}/"
    assert template.versions.get().status == VersionStatus.DRAFT


def test_new_template_form_refuses_unknown_placeholders(client_for, admin_medsos):
    response = client_for(admin_medsos).post(
        "/templates/new/", {"kind": "faq", "name": "x", "language": "id", "body": "Halo {nama}"}
    )
    assert response.status_code == 200 and "Placeholder tidak dikenal" in response.content.decode()
    assert not ResponseTemplate.objects.exists()


@pytest.mark.parametrize("persona", ["telemarketer", "unit_user", "no_role_user"])
def test_who_may_not_draft_gets_403_on_new_and_revise(client_for, request, persona, submitted):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/templates/new/").status_code == 403
    assert client.post("/templates/new/", {"kind": "faq", "name": "x", "body": "y"}).status_code == 403
    expected = 403 if persona == "telemarketer" else 404  # units do not even learn the id exists
    assert client.post(f"/templates/{submitted.template_id}/revise/", {"body": "z"}).status_code == expected
    assert ResponseTemplate.objects.get(pk=submitted.template_id).body == "Halo {name} v1"


def test_revising_through_the_page_keeps_the_approved_text(client_for, admin_marketing, kadiv, submitted):
    client_for(admin_marketing).post(
        f"/templates/{submitted.template_id}/revise/",
        {"body": "Halo {name} v3", "change_note": "lebih ramah"},
    )
    submitted.refresh_from_db()
    assert submitted.body == "Halo {name} v3" and submitted.status == VersionStatus.DRAFT
    assert ResponseTemplate.objects.get(pk=submitted.template_id).body == "Halo {name} v1"


@pytest.mark.parametrize("persona", ["admin_marketing", "supervisor", "telemarketer"])
def test_who_may_not_approve_a_welcome_gets_403(client_for, request, persona, submitted):
    client = client_for(request.getfixturevalue(persona))
    for action in ("approve", "return"):
        response = client.post(f"/templates/versions/{submitted.pk}/{action}/", {"note": "tidak"})
        assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == VersionStatus.SUBMITTED


def test_kadiv_approves_from_the_queue(client_for, kadiv, submitted):
    client = client_for(kadiv)
    queue = client.get("/templates/queue/").content.decode()
    assert f'data-testid="queue-version-{submitted.pk}"' in queue
    response = client.post(f"/templates/versions/{submitted.pk}/approve/", {"next": "queue"})
    assert response["Location"] == "/templates/queue/"
    assert ResponseTemplate.objects.get(pk=submitted.template_id).body == "Halo {name} v2"


def test_kadiv_sends_back_with_a_note_from_the_template_page(client_for, kadiv, submitted):
    client = client_for(kadiv)
    client.post(f"/templates/versions/{submitted.pk}/return/", {"note": ""})
    submitted.refresh_from_db()
    assert submitted.status == VersionStatus.SUBMITTED  # a note is required
    client.post(f"/templates/versions/{submitted.pk}/return/", {"note": "Sebutkan jalur beasiswa"})
    submitted.refresh_from_db()
    assert submitted.status == VersionStatus.RETURNED and submitted.review_note == "Sebutkan jalur beasiswa"


def test_supervisor_queue_holds_only_faq_answers(client_for, supervisor, admin_medsos, submitted):
    faq = services.create_template(
        kind=TemplateKind.FAQ,
        name="Jadwal tes",
        text=VersionText(body="Tes 1 Des"),
        by=admin_medsos,
        submit=True,
    )
    queue = client_for(supervisor).get("/templates/queue/").content.decode()
    assert f"queue-version-{faq.pk}" in queue and f"queue-version-{submitted.pk}" not in queue


def test_submit_needs_drafting_rights(client_for, telemarketer, admin_marketing, kadiv):
    draft = services.create_template(
        kind=TemplateKind.SCRIPT, name="Skrip", text=VersionText(body="Halo {name}"), by=admin_marketing
    )
    assert client_for(telemarketer).post(f"/templates/versions/{draft.pk}/submit/").status_code == 403
    client_for(admin_marketing).post(f"/templates/versions/{draft.pk}/submit/")
    assert TemplateVersion.objects.get(pk=draft.pk).status == VersionStatus.SUBMITTED


def test_only_kadiv_retires_a_template(client_for, supervisor, kadiv, submitted):
    url = f"/templates/{submitted.template_id}/active/"
    assert client_for(supervisor).post(url, {"is_active": "0"}).status_code == 403
    client_for(kadiv).post(url, {"is_active": "0"})
    assert not ResponseTemplate.objects.approved().filter(pk=submitted.template_id).exists()


@pytest.mark.parametrize("url", ["/templates/{t}/active/", "/templates/versions/{v}/approve/"])
def test_actions_refuse_get(client_for, kadiv, submitted, url):
    response = client_for(kadiv).get(url.format(t=submitted.template_id, v=submitted.pk))
    assert response.status_code == 405


def test_detail_and_queue_query_counts_do_not_grow_with_versions(
    client_for, kadiv, admin_marketing, submitted, django_assert_num_queries
):
    services.approve_version(submitted, by=kadiv)
    for n in range(3):  # more versions, usages and history rows must not mean more queries
        version = services.revise_template(
            submitted.template, text=VersionText(body=f"Halo {{name}} r{n}"), by=admin_marketing, submit=True
        )
        services.approve_version(version, by=kadiv)
    services.revise_template(
        submitted.template, text=VersionText(body="Halo {name} r4"), by=admin_marketing, submit=True
    )
    client = client_for(kadiv)
    client.get(f"/templates/{submitted.template_id}/")
    # session, user, user permissions, group permissions, template with approved version,
    # versions with usage counts and authors, history with versions and authors
    with django_assert_num_queries(7):
        client.get(f"/templates/{submitted.template_id}/")
    # session, user, user permissions, group permissions, submitted versions with templates,
    # their approved versions and authors
    with django_assert_num_queries(5):
        client.get("/templates/queue/")


def test_kadivs_home_lists_the_versions_waiting_and_the_author_sees_what_came_back(
    client_for, kadiv, admin_marketing, submitted
):
    home = client_for(kadiv).get("/").content.decode()
    assert "Template menunggu persetujuan" in home and "Sambutan v2" in home
    services.return_version(submitted, by=kadiv, note="Tambahkan jalur beasiswa")
    author_home = client_for(admin_marketing).get("/").content.decode()
    assert "Template dikembalikan kepada Anda" in author_home and "Tambahkan jalur beasiswa" in author_home


def test_the_queue_is_closed_to_units_and_empty_for_those_who_approve_nothing(
    client_for, unit_user, telemarketer, submitted
):
    assert client_for(unit_user).get("/templates/queue/").status_code == 403
    page = client_for(telemarketer).get("/templates/queue/").content.decode()
    assert 'data-testid="queue-empty"' in page


def test_telemarketing_reads_the_library_without_drafting_buttons(client_for, telemarketer, submitted):
    page = client_for(telemarketer).get("/templates/").content.decode()
    assert "Sambutan" in page and 'href="/templates/new/"' not in page
    detail = client_for(telemarketer).get(f"/templates/{submitted.template_id}/").content.decode()
    assert f'href="/templates/{submitted.template_id}/revise/"' not in detail


def test_a_supervisor_cannot_approve_their_own_faq_through_the_page(client_for, supervisor, kadiv):
    own = services.create_template(
        kind=TemplateKind.FAQ,
        name="Lokasi",
        text=VersionText(body="Kampus di Bintan"),
        by=supervisor,
        submit=True,
    )
    client = client_for(supervisor)
    assert client.post(f"/templates/versions/{own.pk}/approve/").status_code == 403
    assert f"queue-version-{own.pk}" not in client.get("/templates/queue/").content.decode()
    own.refresh_from_db()
    assert own.status == VersionStatus.SUBMITTED
