from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from rinde.accounts import audit_views, staff_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.panel, name="panel"),
    path("ingresar/", views.RindeLoginView.as_view(), name="login"),
    path("verificar/", views.verify, name="verify"),
    path("segundo-factor/", views.setup, name="setup"),
    path("salir/", views.logout_view, name="logout"),
    path("personal/", staff_views.staff, name="staff"),
    path("personal/<int:pk>/", staff_views.staff_edit, name="staff_edit"),
    path(
        "personal/invitaciones/<int:pk>/reenviar/",
        staff_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "personal/invitaciones/<int:pk>/anular/",
        staff_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitacion/<str:token>/", staff_views.invitation_accept, name="invitation"),
    path("primer-administrador/", staff_views.first_admin, name="first_admin"),
    path("auditoria/", audit_views.audit_list, name="audit_list"),
    path(
        "recuperar/",
        views.RateLimitedPasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/emails/password_reset.txt",
            html_email_template_name="accounts/emails/password_reset.html",
            subject_template_name="accounts/emails/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "recuperar/enviado/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "recuperar/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "recuperar/listo/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
