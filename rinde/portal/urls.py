from django.contrib.sitemaps.views import sitemap
from django.urls import path

from rinde.core.public_cache import public_page
from rinde.portal import opendata_views, views
from rinde.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("privacidad/", views.privacy, name="privacy"),
    path("terminos/", views.terms, name="terms"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("derechos-de-autor/", views.copyright_page, name="copyright"),
    path("mapa-del-sitio/", views.site_map, name="site_map"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("entidad.css", views.entity_css, name="entity_css"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health_ready"),
    path("datos/", opendata_views.catalogue, name="datos"),
    path("datos/catalogo.json", opendata_views.catalogue_json, name="catalogue_json"),
    path("datos/<slug:slug>.<str:fmt>", opendata_views.download, name="dataset"),
]
