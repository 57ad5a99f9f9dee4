from django.urls import path

from rinde.core.public_cache import public_page
from rinde.questions import chat_views, denial_views, public_views, quarterly_views, staff_views
from rinde.questions.feeds import AnswersAtomFeed, AnswersFeed

app_name = "questions"

urlpatterns = [
    # Public pages: stable addresses, printed and shared (product.md).
    path("rendicion/<exercise:slug>/preguntas/", public_views.question_list, name="list"),
    path("rendicion/<exercise:slug>/preguntas/nueva/", public_views.ask, name="ask"),
    path(
        "rendicion/<exercise:slug>/preguntas/informe/",
        public_views.answers_report,
        name="report",
    ),
    path(
        "rendicion/<exercise:slug>/preguntas/informe.pdf",
        public_views.answers_report_pdf,
        name="report_pdf",
    ),
    path(
        "rendicion/<exercise:slug>/preguntas/informe.xlsx",
        public_views.answers_report,
        {"fmt": "xlsx"},
        name="report_xlsx",
    ),
    path("preguntas/informe-trimestral/", quarterly_views.quarterly_report, name="quarterly"),
    path(
        "preguntas/informe-trimestral/<int:year>-T<int:quarter>.<str:fmt>",
        quarterly_views.quarterly_download,
        name="quarterly_download",
    ),
    path("rendicion/<exercise:slug>/en-vivo/", public_views.live, name="live"),
    path("rendicion/<exercise:slug>/en-vivo/preguntas/", public_views.live_feed, name="live_feed"),
    path("preguntas/", public_views.lookup, name="lookup"),
    # Published answers as RSS and Atom (rinde.subscriptions lists every feed).
    path("preguntas/respuestas/feed/", public_page(AnswersFeed()), name="answers_feed"),
    path("preguntas/respuestas/atom/", public_page(AnswersAtomFeed()), name="answers_atom"),
    path("preguntas/<str:code>/", public_views.detail, name="detail"),
    path("preguntas/<str:code>/recibida/", public_views.received, name="received"),
    # Staff pages.
    path("panel/preguntas/", staff_views.staff_board, name="staff_board"),
    path("panel/preguntas/nueva/", staff_views.staff_new, name="staff_new"),
    path("panel/preguntas/chat/", chat_views.chat_upload, name="chat_upload"),
    path("panel/preguntas/<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path(
        "panel/preguntas/anexos/<int:pk>/",
        staff_views.staff_attachment,
        name="staff_attachment",
    ),
    path("panel/preguntas/<int:pk>/negacion/", denial_views.denial, name="staff_denial"),
    # One URL per action on a question; each posts its own form.
    path("panel/preguntas/<int:pk>/classify/", staff_views.classify, name="classify"),
    path("panel/preguntas/<int:pk>/reject/", staff_views.reject, name="reject"),
    path("panel/preguntas/<int:pk>/merge/", staff_views.merge, name="merge"),
    path(
        "panel/preguntas/<int:pk>/hearing/",
        staff_views.answered_at_hearing,
        name="answered_at_hearing",
    ),
    path("panel/preguntas/<int:pk>/forward/", staff_views.forward, name="forward"),
    path("panel/preguntas/<int:pk>/extend/", staff_views.extend, name="extend"),
    path("panel/preguntas/<int:pk>/answer/", staff_views.answer, name="answer"),
    path("panel/preguntas/<int:pk>/review/", staff_views.review, name="review"),
]
