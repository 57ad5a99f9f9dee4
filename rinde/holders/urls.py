from django.urls import path

from rinde.holders import staff_views, views

app_name = "holders"

urlpatterns = [
    path("mis-datos/", views.start, name="start"),
    path("mis-datos/enlace-enviado/", views.sent, name="sent"),
    path("mis-datos/entrar/<str:token>/", views.enter, name="enter"),
    path("mis-datos/ver/", views.data, name="data"),
    path("mis-datos/descargar/<str:fmt>/", views.download, name="download"),
    path("mis-datos/solicitud/", views.file_request, name="file_request"),
    path("mis-datos/solicitud/<str:code>/", views.request_done, name="request_done"),
    path("mis-datos/salir/", views.leave, name="leave"),
    path("panel/datos-personales/", staff_views.request_list, name="staff_list"),
    path("panel/datos-personales/<int:pk>/", staff_views.request_detail, name="staff_detail"),
]
