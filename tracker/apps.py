from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Strategy tracker")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import stamp_session

        # Stamped at sign-in, the session's first requests need not write it again (SessionIdleMiddleware).
        user_logged_in.connect(
            lambda request, **kwargs: stamp_session(request.session), weak=False, dispatch_uid="session-stamp"
        )

        # Indicator charts mark the status updates of the actions meant to move a series; the indicators app
        # does not know actions, so the tracker hands it the markers.
        from indicators import markers

        from .queries import series_markers

        markers.register(series_markers)
