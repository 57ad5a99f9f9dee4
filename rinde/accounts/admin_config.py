from django.contrib.admin.apps import AdminConfig


class RindeAdminConfig(AdminConfig):
    """Django admin, open to verified administrators only (see accounts.admin_site)."""

    default_site = "rinde.accounts.admin_site.RindeAdminSite"
