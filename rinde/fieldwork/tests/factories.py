from django.test import RequestFactory

from rinde.entity import scoping
from rinde.fieldwork import services
from rinde.fieldwork.models import FieldComment
from rinde.plan.tests.factories import make_plan_tree


def make_project(department, code="1"):
    return make_plan_tree(department, code=code).project


def make_comment(project, body="La obra del parque avanza: ya pusieron las bancas.", **kw):
    request = RequestFactory().post("/", REMOTE_ADDR=kw.pop("ip", "10.1.1.1"))
    # Posted as a request for the project's entity would post it.
    with scoping.activate(project.plan.entity):
        return services.post_comment(project, request=request, body=body, **kw)


def url(project, suffix=""):
    return f"/plan/{project.plan.slug}/proyecto/{project.code}/comentarios/{suffix}"


__all__ = ["FieldComment", "make_comment", "make_project", "url"]
