from django.urls import path

from rinde.questions import denial_views, quarterly_views, views

app_name = "questions"

urlpatterns = [
    path("rendicion/<exercise:slug>/preguntas/", views.question_list, name="list"),
    path("rendicion/<exercise:slug>/preguntas/nueva/", views.ask, name="ask"),
    path("rendicion/<exercise:slug>/preguntas/informe/", views.answers_report, name="report"),
    path(
        "rendicion/<exercise:slug>/preguntas/informe.pdf",
        views.answers_report_pdf,
        name="report_pdf",
    ),
    path(
        "rendicion/<exercise:slug>/preguntas/informe.xlsx",
        views.answers_report,
        {"fmt": "xlsx"},
        name="report_xlsx",
    ),
    path("preguntas/informe-trimestral/", quarterly_views.quarterly_report, name="quarterly"),
    path(
        "preguntas/informe-trimestral/<int:year>-T<int:quarter>.<str:fmt>",
        quarterly_views.quarterly_download,
        name="quarterly_download",
    ),
    path("rendicion/<exercise:slug>/en-vivo/", views.live, name="live"),
    path("rendicion/<exercise:slug>/en-vivo/preguntas/", views.live_feed, name="live_feed"),
    path("preguntas/", views.lookup, name="lookup"),
    path("preguntas/<str:code>/", views.detail, name="detail"),
    path("preguntas/<str:code>/recibida/", views.received, name="received"),
    path("panel/preguntas/", views.staff_board, name="staff_board"),
    path("panel/preguntas/nueva/", views.staff_new, name="staff_new"),
    path("panel/preguntas/chat/", views.chat_upload, name="chat_upload"),
    path("panel/preguntas/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("panel/preguntas/anexos/<int:pk>/", views.staff_attachment, name="staff_attachment"),
    path("panel/preguntas/<int:pk>/negacion/", denial_views.denial, name="staff_denial"),
    path("panel/preguntas/<int:pk>/<slug:action>/", views.staff_action, name="staff_action"),
]

# Published answers as RSS and Atom (rinde.subscriptions lists every feed).
from rinde.core.public_cache import public_page  # noqa: E402
from rinde.questions.feeds import AnswersAtomFeed, AnswersFeed  # noqa: E402

urlpatterns += [
    path("preguntas/respuestas/feed/", public_page(AnswersFeed()), name="answers_feed"),
    path("preguntas/respuestas/atom/", public_page(AnswersAtomFeed()), name="answers_atom"),
]
