from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from content import services
from content.models import ContentItem, ContentStatus, ContentStatusChange

pytestmark = pytest.mark.django_db

S = ContentStatus
FULL_PATH = ["production", "review", "approved", "scheduled", "posted"]


def test_new_item_is_a_concept_with_a_channel_code(make_item, admin_medsos):
    item = make_item(channel="instagram")
    fb = make_item(channel="facebook")
    assert item.status == S.CONCEPT and item.owner == admin_medsos
    assert item.code == f"IG-{item.pk:04d}" and fb.code == f"FB-{fb.pk:04d}"
    assert ContentItem.objects.get(pk=item.pk).code == item.code
    created = item.status_changes.get()
    assert (created.from_status, created.to_status, created.changed_by) == ("", S.CONCEPT, admin_medsos)


def test_full_workflow_writes_who_when_and_note_for_every_move(make_item, move, admin_medsos, kadiv):
    item = move(make_item(), *FULL_PATH, url="https://instagram.com/p/abc", media_id="1789")
    assert item.status == S.POSTED and item.posted_at is not None
    assert (item.url, item.media_id) == ("https://instagram.com/p/abc", "1789")
    rows = list(
        item.status_changes.exclude(from_status="").values_list(
            "from_status", "to_status", "changed_by", "note"
        )
    )
    assert rows == [
        ("concept", "production", admin_medsos.pk, "ke production"),
        ("production", "review", admin_medsos.pk, "ke review"),
        ("review", "approved", kadiv.pk, "ke approved"),
        ("approved", "scheduled", admin_medsos.pk, "ke scheduled"),
        ("scheduled", "posted", admin_medsos.pk, "ke posted"),
    ]


def test_time_in_step_is_recorded_on_the_move_that_leaves_it(make_item, admin_medsos):
    item = make_item()
    ContentItem.objects.filter(pk=item.pk).update(status_changed_at=timezone.now() - timedelta(minutes=12))
    services.transition_item(item, to=S.PRODUCTION, by=admin_medsos)
    change = ContentStatusChange.objects.get(item=item, to_status=S.PRODUCTION)
    assert 12 * 60 <= change.seconds_in_step < 13 * 60


@pytest.mark.parametrize(
    "path,target",
    [
        ([], "posted"),
        ([], "review"),
        ([], "approved"),
        ([], "scheduled"),
        (["production"], "posted"),
        (["production", "review", "approved"], "posted"),
        (["production", "review", "approved", "scheduled", "posted"], "cancelled"),
        (["cancelled"], "production"),
    ],
)
def test_moves_outside_the_table_are_refused(make_item, move, kadiv, admin_medsos, path, target):
    item = move(make_item(), *path)
    by = kadiv if target == "approved" else admin_medsos
    with pytest.raises(services.IllegalMove):
        services.transition_item(
            item,
            to=target,
            by=by,
            scheduled_at=timezone.now(),
            checklist=["text", "visual", "link", "hashtags"],
        )
    item.refresh_from_db()
    assert item.status == (path[-1] if path else S.CONCEPT)


# Every move of the table, with who may make it and who may not (403).
PRODUCERS = ["admin_medsos", "humas", "humas_coordinator"]
APPROVERS = ["kadiv", "humas_coordinator"]
NOBODY_ELSE = ["unit_user", "telemarketer", "admin_marketing", "supervisor", "no_role_user"]
PATH_TO = {
    S.CONCEPT: [],
    S.PRODUCTION: ["production"],
    S.REVIEW: ["production", "review"],
    S.CHANGES_REQUESTED: ["production", "review", "changes_requested"],
    S.APPROVED: ["production", "review", "approved"],
    S.SCHEDULED: ["production", "review", "approved", "scheduled"],
}
MOVES = [
    (source, target) for source, targets in services.ALLOWED_TRANSITIONS.items() for target in sorted(targets)
]


def _allowed_roles(target: str) -> list[str]:
    if target in (S.APPROVED, S.CHANGES_REQUESTED):
        return APPROVERS
    if target == S.CANCELLED:
        return sorted(set(PRODUCERS) | set(APPROVERS))
    return PRODUCERS


def _refused_roles(target: str) -> list[str]:
    everybody = set(PRODUCERS) | set(APPROVERS) | set(NOBODY_ELSE)
    return sorted(everybody - set(_allowed_roles(target)))


@pytest.fixture
def everybody(request):
    return {
        role: request.getfixturevalue(role)
        for role in sorted(set(PRODUCERS) | set(APPROVERS) | set(NOBODY_ELSE))
    }


@pytest.mark.parametrize("source,target", MOVES)
def test_each_move_is_made_only_by_the_roles_that_may(everybody, make_item, move, source, target):
    for role in _refused_roles(target):
        item = move(make_item(), *PATH_TO[source])
        with pytest.raises(services.MoveNotPermitted):
            services.transition_item(item, to=target, by=everybody[role], scheduled_at=timezone.now())
        item.refresh_from_db()
        assert item.status == source and item.status_changes.count() == len(PATH_TO[source]) + 1, role
    for role in _allowed_roles(target):
        item = move(make_item(), *PATH_TO[source])
        moved = services.transition_item(
            item,
            to=target,
            by=everybody[role],
            scheduled_at=timezone.now(),
            checklist=["text", "visual", "link", "hashtags"],
        )
        assert moved.status == target, role
        assert moved.status_changes.last().changed_by == everybody[role]


def test_scheduling_needs_a_date(make_item, move, admin_medsos):
    item = move(make_item(), "production", "review", "approved")
    with pytest.raises(services.IllegalMove, match="jadwal"):
        services.transition_item(item, to=S.SCHEDULED, by=admin_medsos)
    when = timezone.now() + timedelta(days=2)
    assert (
        services.transition_item(item, to=S.SCHEDULED, by=admin_medsos, scheduled_at=when).scheduled_at
        == when
    )


def test_posting_needs_every_recheck_point(make_item, move, admin_medsos):
    item = move(make_item(), "production", "review", "approved", "scheduled")
    with pytest.raises(services.IllegalMove, match="Tagar"):
        services.transition_item(item, to=S.POSTED, by=admin_medsos, checklist=["text", "visual", "link"])
    services.save_checklist(item, points=["text", "visual", "link", "hashtags"], by=admin_medsos)
    posted = services.transition_item(item, to=S.POSTED, by=admin_medsos, url="https://fb.com/p/1")
    assert posted.status == S.POSTED and posted.checked_points == ["text", "visual", "link", "hashtags"]


def test_allowed_moves_follow_the_role(make_item, move, admin_medsos, kadiv, humas_coordinator):
    item = move(make_item(), "production", "review")
    assert services.allowed_moves(item, admin_medsos) == [S.CANCELLED]
    assert services.allowed_moves(item, kadiv) == [S.CHANGES_REQUESTED, S.APPROVED, S.CANCELLED]
    assert services.allowed_moves(item, humas_coordinator) == [S.CHANGES_REQUESTED, S.APPROVED, S.CANCELLED]


def test_roles_hold_the_content_permissions(admin_medsos, humas, humas_coordinator, kadiv, unit_user):
    assert admin_medsos.has_perm("content.change_contentitem") and not admin_medsos.has_perm(
        "content.approve_contentitem"
    )
    assert humas.has_perm("content.add_contentitem") and not humas.has_perm("content.approve_contentitem")
    assert humas_coordinator.has_perm("content.approve_contentitem")
    assert kadiv.has_perm("content.approve_contentitem") and not kadiv.has_perm("content.change_contentitem")
    assert not any(p.startswith("content.") for p in unit_user.get_all_permissions())
