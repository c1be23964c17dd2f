"""Staff roles (Django groups of DESIGN.md) and the permissions each one holds.

The table is the single source for the data migrations that create the groups; an app that adds
models later adds a migration calling `sync_role_permissions` again.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ADMIN_MEDIA_SOSIAL = "Admin Media Sosial"
ADMIN_MARKETING = "Admin Marketing"
TELEMARKETING = "Telemarketing"
HUMAS = "Humas & Kerjasama"
UNIT = "Unit"
KADIV = "Kadiv"
SUPERVISOR = "Supervisor"
# Humas coordinators (UB SOP "Koordinator Kehumasan") approve content; a Humas user who coordinates
# is given this group besides Humas & Kerjasama.
HUMAS_COORDINATOR = "Koordinator Humas"

ALL_ROLES = [
    ADMIN_MEDIA_SOSIAL,
    ADMIN_MARKETING,
    TELEMARKETING,
    HUMAS,
    UNIT,
    KADIV,
    SUPERVISOR,
    HUMAS_COORDINATOR,
]

_LEAD_READ = [
    "leads.view_lead",
    "leads.view_interaction",
    "leads.add_interaction",
    "leads.view_followup",
    "leads.view_studyprogram",
    "leads.view_institution",
    "core.view_responsetemplate",
]
_LEAD_WRITE = [
    "leads.add_lead",
    "leads.change_lead",
    "leads.change_followup",
    "leads.add_followup",
    "leads.add_institution",
    "leads.change_institution",
    "leads.view_savedsegment",
    "leads.add_savedsegment",
    "leads.change_savedsegment",
    "leads.delete_savedsegment",
]
_INBOX = [
    "inquiries.view_inquiry",
    "inquiries.add_inquiry",
    "inquiries.change_inquiry",
    "inquiries.view_message",
    "inquiries.add_message",
    "inquiries.add_escalation",
    "inquiries.view_escalation",
    "inquiries.view_category",
]

# Drafting and revising templates of the library (approval is Kadiv's, FAQ answers also Supervisor's).
_TEMPLATE_DRAFT = ["core.add_responsetemplate", "core.change_responsetemplate"]
_OFFICE_CALENDAR = [
    f"core.{action}_{model}"
    for model in ("officehoursblock", "officeclosure", "hoursoverride", "hoursoverrideblock")
    for action in ("view", "add", "change", "delete")
]
# Content plan (UB SOP): staff draft and produce, coordinators approve or send back.
_CONTENT_PRODUCE = [
    "content.view_contentitem",
    "content.add_contentitem",
    "content.change_contentitem",
    "content.view_contentasset",
    "content.add_contentasset",
    "content.view_attribution",
    "content.add_attribution",
]
_CONTENT_APPROVE = [
    "content.view_contentitem",
    "content.view_contentasset",
    "content.approve_contentitem",
    "content.view_attribution",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMIN_MEDIA_SOSIAL: _LEAD_READ
    + _INBOX
    + _TEMPLATE_DRAFT
    + _CONTENT_PRODUCE
    + [
        "leads.add_lead",
        "leads.change_lead",
        "automation.view_outboundmessage",
        # SOP 02: the daily interaction report is theirs (not costs, not the weekly/monthly ROI).
        "reports.view_daily_report",
    ],
    ADMIN_MARKETING: _LEAD_READ
    + _LEAD_WRITE
    + _TEMPLATE_DRAFT
    + [
        "leads.import_leads",
        "leads.export_leads",
        "leads.verify_lead",
        "leads.merge_leads",
        "leads.erase_lead",
        "leads.transition_lead",
        "leads.view_callqueue",
        "inquiries.view_inquiry",
        "automation.view_outboundmessage",
        "automation.change_outboundmessage",
        "leads.view_campaign",
        "leads.add_campaign",
        "leads.change_campaign",
    ],
    TELEMARKETING: _LEAD_READ
    + ["leads.change_followup", "leads.transition_lead", "leads.view_callqueue", "inquiries.add_escalation"],
    HUMAS: _LEAD_READ
    + _LEAD_WRITE
    + _INBOX
    + _TEMPLATE_DRAFT
    + _CONTENT_PRODUCE
    + ["leads.transition_lead", "leads.view_callqueue", "inquiries.approve_crisis_reply"],
    UNIT: ["inquiries.view_escalation", "inquiries.answer_escalation"],
    KADIV: _LEAD_READ
    + _CONTENT_APPROVE
    + [
        "leads.export_leads",
        "leads.erase_lead",
        "leads.view_savedsegment",
        "inquiries.view_inquiry",
        "inquiries.view_message",
        "inquiries.view_escalation",
        "inquiries.approve_crisis_reply",
        "inquiries.export_inquiries",
        "core.add_responsetemplate",
        "core.change_responsetemplate",
        "core.approve_responsetemplate",
        "core.view_officehoursblock",
        "core.view_officeclosure",
        "core.view_hoursoverride",
        "reports.view_reports",
        "reports.view_sourcecost",
        "reports.add_sourcecost",
        "reports.change_sourcecost",
        "reports.delete_sourcecost",
        "automation.view_outboundmessage",
        "leads.view_campaign",
        "leads.approve_campaign",
    ],
    SUPERVISOR: _LEAD_READ
    + _INBOX
    + _TEMPLATE_DRAFT
    + _OFFICE_CALENDAR
    + [
        "leads.export_leads",
        "inquiries.export_inquiries",
        "inquiries.change_category",
        "inquiries.add_category",
        "inquiries.view_webhookevent",
        "core.approve_faq_template",
        "reports.view_reports",
        "automation.view_outboundmessage",
        "automation.change_outboundmessage",
    ],
    HUMAS_COORDINATOR: _CONTENT_PRODUCE + ["content.approve_contentitem"],
}


def sync_role_permissions(apps: Any, schema_editor: Any = None) -> None:
    """Create every role group and give it exactly the permissions of ROLE_PERMISSIONS that exist.

    Meant for data migrations (`migrations.RunPython(sync_role_permissions, noop)`); permissions of
    models not yet migrated are created first so that a fresh database gets the whole table.
    """
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
