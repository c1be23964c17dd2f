"""Default DRF permission: authenticated, and the role's model permission for the action."""

from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions


class RolePermission(DjangoModelPermissions):
    """Like DjangoModelPermissions, but reading needs `view_<model>` too (roles are not all readers).

    Views without a queryset set `required_perms` (a list of "app.codename") instead.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        required = getattr(view, "required_perms", None)
        if required is not None:
            return request.user.has_perms(required)
        return super().has_permission(request, view)
