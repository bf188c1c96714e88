"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1, started by the test): an
outage delays the e-mail, loses none, and the retry delivers each e-mail exactly once."""

import datetime
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from post_office.models import STATUS, Email, Log

from cai.roles import COORDINATORS
from tests.factory import make_cai_user, make_update

# Committed for real: the delivery runs after the commit, and send_queued_mail closes the
# database connection between its batches, as it does under cron.
pytestmark = pytest.mark.django_db(transaction=True)
RETRY_SECONDS = 1


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    """Real SMTP to a port of this machine; a retry is due after a second, not 10 minutes."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "RETRY_INTERVAL": datetime.timedelta(seconds=RETRY_SECONDS),
    }
    return port


def start_server(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


def send_queued(tmp_path):
    # A lock file of the test's own: the suite's other processes have theirs.
    call_command("send_queued_mail", lockfile=str(tmp_path / "post_office"))


def test_an_smtp_outage_delays_the_mail_and_the_retry_delivers_each_once(
    smtp_settings, action, partner, coordinator_x, tmp_path
):
    first, second = (
        make_update(action, author=partner, review_status="draft", reported_on=day)
        for day in (datetime.date(2025, 5, 1), datetime.date(2025, 6, 1))
    )
    # The server is down: the delivery right after each commit is refused.
    first.submit()
    second.submit()
    emails = Email.objects.order_by("pk")
    assert [email.status for email in emails] == [STATUS.requeued, STATUS.requeued]
    assert all(email.logs.get().exception_type == "ConnectionRefusedError" for email in emails)
    assert not Email.objects.filter(status=STATUS.failed).exists()

    time.sleep(RETRY_SECONDS)
    send_queued(tmp_path)  # still down: tried again, refused, kept for later
    assert set(emails.values_list("status", flat=True)) == {STATUS.requeued}
    assert set(emails.values_list("number_of_retries", flat=True)) == {2}

    controller, inbox = start_server(smtp_settings)
    time.sleep(RETRY_SECONDS)
    try:
        send_queued(tmp_path)
        send_queued(tmp_path)  # a second run finds nothing left to send
    finally:
        controller.stop()

    assert set(emails.values_list("status", flat=True)) == {STATUS.sent}
    assert len(inbox.messages) == 2
    assert [message.rcpt_tos for message in inbox.messages] == [["claire@cai.example"]] * 2
    subjects = [message.content.decode() for message in inbox.messages]
    assert all("Subject: =?utf-8?q?Point_d=27avancement_=C3=A0_valider" in s for s in subjects)


def test_with_the_server_up_the_mail_leaves_right_after_the_commit(
    smtp_settings, draft, coordinator_x
):
    controller, inbox = start_server(smtp_settings)
    try:
        draft.submit()
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert Email.objects.get().status == STATUS.sent


def test_a_refusal_keeps_the_change_s_other_e_mails_without_trying_each(
    smtp_settings, draft, plan_x, coordinator_x
):
    make_cai_user(COORDINATORS, plans=[plan_x], email="chloe@cai.example")
    draft.submit()  # the server is down
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.requeued}
    assert Email.objects.count() == 2
    assert Log.objects.count() == 1  # one attempt, not one timeout per e-mail
