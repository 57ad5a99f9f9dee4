from django.urls import path

from rinde.evaluation import panel_views, views

app_name = "evaluation"

urlpatterns = [
    path("rendicion/<exercise:slug>/evaluacion/", views.answer, name="answer"),
    path("rendicion/<exercise:slug>/evaluacion/gracias/", views.thanks, name="thanks"),
    path("rendicion/<exercise:slug>/evaluacion/informe/", views.report_page, name="report"),
    path("ev/<exercise:slug>/", views.short_link, name="short"),
    path("panel/evaluacion/", views.staff_list, name="staff_list"),
    path("panel/evaluacion/<int:pk>/", views.staff_form, name="staff_form"),
    path("panel/evaluacion/<int:pk>/qr.<str:fmt>", views.staff_qr, name="staff_qr"),
    path("panel/evaluacion/<int:pk>/preguntas/", panel_views.questions, name="questions"),
    path(
        "panel/evaluacion/<int:pk>/preguntas/nueva/",
        panel_views.question_edit,
        name="question_new",
    ),
    path(
        "panel/evaluacion/<int:pk>/preguntas/<int:question_pk>/",
        panel_views.question_edit,
        name="question_edit",
    ),
    path(
        "panel/evaluacion/<int:pk>/preguntas/<int:question_pk>/eliminar/",
        panel_views.question_delete,
        name="question_delete",
    ),
    path(
        "panel/evaluacion/<int:pk>/preguntas/<int:question_pk>/mover/",
        panel_views.question_move,
        name="question_move",
    ),
    path("panel/evaluacion/<int:pk>/papel/", views.staff_paper, name="staff_paper"),
    path("panel/evaluacion/<int:pk>/textos/<int:answer_pk>/", views.staff_text, name="staff_text"),
    path("panel/evaluacion/informe/<exercise:slug>/", views.staff_report, name="staff_report"),
]
