from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_demo_mode_off(app_configs, **kwargs):
    if settings.DEMO_MODE:
        return [
            Warning(
                "RINDE_DEMO is on: the login page shows demo second-factor codes.",
                hint="Unset RINDE_DEMO in production.",
                id="rinde.W001",
            )
        ]
    return []
