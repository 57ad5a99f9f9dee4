from django.contrib.admin.apps import AdminConfig


class RindeAdminConfig(AdminConfig):
    """Django admin, open to verified administrators only (see core.admin_site)."""

    default_site = "rinde.core.admin_site.RindeAdminSite"
