from rinde.entity.models import Entity


def entity(request):
    return {"entity": Entity.objects.current()}
