import time

from django.conf import settings
from django.contrib import auth, messages
from django.utils.translation import gettext as _

STARTED_KEY = "accounts_started_at"
SEEN_KEY = "accounts_seen_at"
# The time of the last request is written at most once a minute, not at every request.
SEEN_PRECISION = 60


def start_the_clock(sender, request, user, **kwargs):
    """Connected to user_logged_in (AccountsConfig.ready): a session's eight hours count from
    the login, and the first requests after it have nothing to write."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Ends a logged-in session after SESSION_IDLE_TIMEOUT seconds without a request and
    SESSION_COOKIE_AGE seconds after it started, whatever happened in between: a shared
    office computer left logged in does not stay so.

    Anonymous visitors are left alone: their session is neither created nor written (and
    not even read when their browser sends no session cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request, int(time.time()))
        return self.get_response(request)

    def check(self, request, now):
        session = request.session
        started = session.setdefault(STARTED_KEY, now)
        seen = session.get(SEEN_KEY, now)
        idle, age = now - seen, now - started
        if idle > settings.SESSION_IDLE_TIMEOUT or age > settings.SESSION_COOKIE_AGE:
            auth.logout(request)
            messages.info(request, _("Votre session a expiré : veuillez vous reconnecter."))
        elif idle >= SEEN_PRECISION or SEEN_KEY not in session:
            session[SEEN_KEY] = now
