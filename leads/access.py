"""Who may write to a lead (log a call, move its status): one rule for the lead page, the API and
the call queue. Roles that edit leads (leads.change_lead) may work on any lead; a telemarketer only
on the leads they own or hold a follow-up for (SOP 03: each telemarketer works their own queue)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core import roles
from leads.models import FollowUp, Lead


def is_restricted_to_own_leads(user) -> bool:
    return not user.has_perm("leads.change_lead") and user.groups.filter(name=roles.TELEMARKETING).exists()


def may_work_on(user, lead: Lead) -> bool:
    if not is_restricted_to_own_leads(user):
        return True
    return lead.owner_id == user.pk or FollowUp.objects.filter(lead=lead, owner=user).exists()


def check_may_work_on(user, lead: Lead) -> Lead:
    """`lead`, or PermissionDenied (403) when the user may not write to it."""
    if not may_work_on(user, lead):
        raise PermissionDenied
    return lead
