from django.urls import path

from rinde.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("rendicion/<exercise:slug>/evaluacion/", views.answer, name="answer"),
    path("rendicion/<exercise:slug>/evaluacion/gracias/", views.thanks, name="thanks"),
    path("rendicion/<exercise:slug>/evaluacion/informe/", views.report_page, name="report"),
    path("ev/<exercise:slug>/", views.short_link, name="short"),
    path("panel/evaluacion/", views.staff_list, name="staff_list"),
    path("panel/evaluacion/<int:pk>/", views.staff_form, name="staff_form"),
    path("panel/evaluacion/<int:pk>/qr.<str:fmt>", views.staff_qr, name="staff_qr"),
    path("panel/evaluacion/<int:pk>/papel/", views.staff_paper, name="staff_paper"),
    path("panel/evaluacion/<int:pk>/textos/<int:answer_pk>/", views.staff_text, name="staff_text"),
    path("panel/evaluacion/informe/<exercise:slug>/", views.staff_report, name="staff_report"),
]
