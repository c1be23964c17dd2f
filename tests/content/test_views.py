from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from content.models import ContentAsset, ContentStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_content_pages_are_for_content_roles_only(
    client, make_item, unit_user, telemarketer, admin_medsos, kadiv, humas
):
    item = make_item()
    urls = [
        "/content/",
        "/content/calendar/",
        "/content/evaluation/",
        f"/content/{item.pk}/",
        "/content/new/",
    ]
    for user in (unit_user, telemarketer):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403] * len(urls)
        assert "/content/" not in client.get("/").content.decode()  # no navigation entry either
    for user in (admin_medsos, humas):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    client.force_login(kadiv)
    assert [client.get(url).status_code for url in urls[:4]] == [200] * 4
    assert client.get("/content/new/").status_code == 403  # Kadiv approves, does not draft
    assert 'href="/content/"' in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_login(client, make_item):
    response = client.get("/content/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_page_makes_a_concept_and_shows_its_code(client, admin_medsos):
    client.force_login(admin_medsos)
    response = client.post(
        "/content/new/", {"title": "Open house", "channel": "instagram", "campaign": "PMB-2026"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "IG-" in page and "Konsep" in page and "/r/IG-" in page


def test_page_refuses_an_illegal_move_with_400_and_a_clear_message(client, make_item, admin_medsos):
    item = make_item()
    client.force_login(admin_medsos)
    response = client.post(f"/content/{item.pk}/transition/", {"status": "posted"})
    assert response.status_code == 400
    assert "tidak dapat dipindah" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ContentStatus.CONCEPT


def test_page_refuses_approval_without_permission_with_403(client, make_item, move, humas):
    item = move(make_item(), "production", "review")
    client.force_login(humas)
    response = client.post(f"/content/{item.pk}/transition/", {"status": "approved"})
    assert response.status_code == 403 and "koordinator" in response.content.decode()
    assert "move-approved" not in client.get(f"/content/{item.pk}/").content.decode()


def test_sending_back_needs_a_note(client, make_item, move, kadiv):
    item = move(make_item(), "production", "review")
    client.force_login(kadiv)
    assert client.post(f"/content/{item.pk}/transition/", {"status": "changes_requested"}).status_code == 400
    response = client.post(
        f"/content/{item.pk}/transition/", {"status": "changes_requested", "note": "Logo terlalu kecil"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ContentStatus.CHANGES_REQUESTED
    assert "Logo terlalu kecil" in client.get(f"/content/{item.pk}/").content.decode()


def test_item_page_shows_time_in_step_against_the_standard(client, make_item, admin_medsos, settings):
    settings.CONTENT_STEP_MINUTES = {**settings.CONTENT_STEP_MINUTES, "concept": 5}
    item = make_item()
    type(item).objects.filter(pk=item.pk).update(status_changed_at=timezone.now() - timedelta(minutes=40))
    client.force_login(admin_medsos)
    page = client.get(f"/content/{item.pk}/").content.decode()
    assert "40 menit" in page and "standar SOP 5 menit" in page and "sla-breached" in page


def test_assets_upload_link_and_limits(client, make_item, admin_medsos, settings, unit_user, kadiv):
    settings.CONTENT_ASSET_MAX_BYTES = 1024
    item = make_item()
    client.force_login(admin_medsos)
    client.post(
        f"/content/{item.pk}/assets/",
        {"name": "Desain", "file": SimpleUploadedFile("desain.png", PNG, "image/png")},
    )
    client.post(f"/content/{item.pk}/assets/", {"link": "https://drive.example.com/x"})
    client.post(f"/content/{item.pk}/assets/", {"file": SimpleUploadedFile("virus.exe", b"MZ" * 10)})
    client.post(
        f"/content/{item.pk}/assets/", {"file": SimpleUploadedFile("palsu.png", b"GIF89a" + b"\x00" * 20)}
    )
    response = client.post(
        f"/content/{item.pk}/assets/",
        {"file": SimpleUploadedFile("besar.png", PNG + b"\x00" * 2048)},
        follow=True,
    )
    assert "terlalu besar" in response.content.decode()
    assert sorted(ContentAsset.objects.values_list("kind", "name")) == [
        ("file", "Desain"),
        ("link", "https://drive.example.com/x"),
    ]
    asset = ContentAsset.objects.get(kind="file")
    download = client.get(f"/content/assets/{asset.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    client.force_login(unit_user)
    assert client.get(f"/content/assets/{asset.pk}/").status_code == 403
    client.force_login(kadiv)
    assert client.get(f"/content/assets/{asset.pk}/").status_code == 200
    assert client.post(f"/content/{item.pk}/assets/", {"link": "https://x.example"}).status_code == 403
    client.logout()
    assert client.get(f"/content/assets/{asset.pk}/").status_code == 302


def test_calendar_shows_scheduled_and_posted_items_with_filters(client, make_item, move, kadiv):
    when = timezone.localtime().replace(day=10, hour=9, minute=0, second=0, microsecond=0)
    scheduled = move(
        make_item(title="Terjadwal IG", channel="instagram", campaign="PMB"),
        "production",
        "review",
        "approved",
        "scheduled",
        scheduled_at=when,
    )
    posted = move(
        make_item(title="Sudah tayang FB", channel="facebook"),
        "production",
        "review",
        "approved",
        "scheduled",
        "posted",
    )
    make_item(title="Masih konsep", scheduled_at=when)
    client.force_login(kadiv)
    page = client.get(f"/content/calendar/?date={when.date().isoformat()}").content.decode()
    assert "Terjadwal IG" in page and "Masih konsep" not in page
    assert f'data-date="{when.date().isoformat()}"' in page
    today_page = client.get("/content/calendar/?view=week").content.decode()
    assert "Sudah tayang FB" in today_page
    filtered = client.get(
        f"/content/calendar/?date={when.date().isoformat()}&channel=facebook"
    ).content.decode()
    assert "Terjadwal IG" not in filtered
    by_campaign = client.get(
        f"/content/calendar/?date={when.date().isoformat()}&campaign=PMB"
    ).content.decode()
    assert "Terjadwal IG" in by_campaign
    assert scheduled.code in page and posted.code in today_page


def test_calendar_runs_a_fixed_number_of_queries(client, make_item, move, kadiv, django_assert_num_queries):
    for i in range(3):
        move(make_item(title=f"Post {i}"), "production", "review", "approved", "scheduled")
    client.force_login(kadiv)
    client.get("/content/calendar/")
    # session, user, permissions (2: user and group perms), campaigns for the filter list, the items
    # with their programme, the programme choices of the filter form
    with django_assert_num_queries(7):
        assert client.get("/content/calendar/").status_code == 200


def test_list_runs_a_fixed_number_of_queries(client, make_item, kadiv, django_assert_num_queries):
    for i in range(4):
        make_item(title=f"Post {i}")
    client.force_login(kadiv)
    client.get("/content/")
    # session, user, permissions (2), the items with owner, programme and result subqueries
    with django_assert_num_queries(5):
        assert client.get("/content/").status_code == 200


def test_evaluation_shows_posts_steps_bottleneck_and_productive_items(client, make_item, move, kadiv):
    from leads.models import Lead

    item = move(make_item(title="Paling produktif", campaign="PMB-2026", cost=500000), "production", "review")
    from content.models import ContentStatusChange

    ContentStatusChange.objects.filter(item=item, to_status="review").update(seconds_in_step=60 * 60)
    move(item, "approved", "scheduled", "posted")
    Lead.objects.create(full_name="A", campaign_code=item.code, status="registered")
    Lead.objects.create(full_name="B", campaign_code=item.code)
    client.force_login(kadiv)
    page = client.get("/content/evaluation/").content.decode()
    assert "Paling produktif" in page and "PMB-2026" in page
    assert "Hambatan terbesar: Produksi" in page
    assert "Rp 500.000" in page or "Rp 500,000" in page  # cost per registrant: one registrant


def test_navigation_shows_content_to_the_roles_that_may_see_it(client, admin_medsos, humas, kadiv, unit_user):
    for user, visible in ((admin_medsos, True), (humas, True), (kadiv, True), (unit_user, False)):
        client.force_login(user)
        assert ('href="/content/"' in client.get("/").content.decode()) is visible, user.username


def test_home_lists_items_awaiting_the_coordinator_and_the_staff_members_work(
    client, make_item, move, kadiv, admin_medsos
):
    waiting = move(make_item(title="Menunggu Kadiv"), "production", "review")
    mine = make_item(title="Konsep saya")
    client.force_login(kadiv)
    page = client.get("/").content.decode()
    assert "Konten menunggu persetujuan" in page and waiting.code in page and mine.code not in page
    client.force_login(admin_medsos)
    page = client.get("/").content.decode()
    assert "Konsep saya" in page and waiting.code not in page


def test_demo_seeds_items_in_every_step_with_results(db):
    import io

    from django.utils import timezone

    from content import demo
    from content.models import ContentItem
    from core import demo as core_demo

    core_demo.seed(io.StringIO(), timezone.now())
    from leads.models import Lead

    for i in range(6):
        Lead.objects.create(full_name=f"Demo {i}")
    demo.seed(io.StringIO(), timezone.now())
    statuses = set(ContentItem.objects.values_list("status", flat=True))
    assert {"posted", "scheduled", "review", "changes_requested", "concept"} <= statuses
    assert Lead.objects.exclude(campaign_code=None).count() == 6


def test_item_page_lists_attributed_leads_for_roles_that_see_leads(
    client, make_item, admin_medsos, kadiv, django_assert_max_num_queries
):
    from leads.models import Lead

    item = make_item()
    lead = Lead.objects.create(full_name="Maya Anggraini", campaign_code=item.code)
    client.force_login(kadiv)
    page = client.get(f"/content/{item.pk}/").content.decode()
    assert f'href="/leads/{lead.pk}/"' in page
    # session, user, 2 permission loads, the item with results, history, assets, leads
    with django_assert_max_num_queries(9):
        client.get(f"/content/{item.pk}/")


def test_evaluation_runs_a_fixed_number_of_queries(client, make_item, move, kadiv, django_assert_num_queries):
    for i in range(3):
        move(
            make_item(title=f"Post {i}", campaign="PMB"),
            "production",
            "review",
            "approved",
            "scheduled",
            "posted",
        )
    client.force_login(kadiv)
    client.get("/content/evaluation/")
    # session, user, permissions (2), posts per channel and month, time per step, most productive
    # items, results per campaign
    with django_assert_num_queries(8):
        assert client.get("/content/evaluation/").status_code == 200


def test_edit_page_changes_details_but_not_channel_or_status(client, make_item, admin_medsos, kadiv):
    item = make_item(channel="instagram")
    client.force_login(admin_medsos)
    assert client.get(f"/content/{item.pk}/edit/").status_code == 200
    response = client.post(
        f"/content/{item.pk}/edit/",
        {
            "title": "Judul baru",
            "channel": "facebook",
            "campaign": "PMB-2026",
            "scheduled_at": "2026-12-01T09:30",
            "status": "posted",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.channel, item.campaign, item.status) == (
        "Judul baru",
        "instagram",
        "PMB-2026",
        "concept",
    )
    assert timezone.localtime(item.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2026-12-01 09:30"
    client.force_login(kadiv)
    assert client.get(f"/content/{item.pk}/edit/").status_code == 403


def test_checklist_is_saved_and_counts_for_posting(client, make_item, move, admin_medsos):
    item = move(make_item(), "production", "review", "approved", "scheduled")
    client.force_login(admin_medsos)
    client.post(f"/content/{item.pk}/checklist/", {"points": ["text", "visual", "link", "hashtags"]})
    response = client.post(
        f"/content/{item.pk}/transition/", {"status": "posted", "url": "https://fb.com/p/9"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ContentStatus.POSTED and item.url == "https://fb.com/p/9"


def test_unknown_item_is_404(client, kadiv):
    client.force_login(kadiv)
    assert client.get("/content/999999/").status_code == 404
