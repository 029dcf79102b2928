from django.conf import settings


def tracker(request):
    return {"TRACKER_PUBLIC": settings.TRACKER_PUBLIC}
