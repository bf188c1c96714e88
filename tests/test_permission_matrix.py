"""Every URL of the project, for every persona: the answer each one gets.

The URLs are read from the URL configuration itself, so a page added without a line here
fails the test. Admin pages follow from the rights table below (what each role may do on each
model, the README's table); the other pages are listed one by one.

Answers: 200; "edit" and "view" (an admin form with or without a save button); "login" (sent
to the login page); 302 (another redirect); 403; 404; 405 (that method is refused).
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from post_office.models import Email

from cai.roles import ADMINISTRATORS, COORDINATORS, PARTNERS, STAFF
from concertation.models import Meeting
from notifications.models import Digest, Preferences
from plans.models import ActionUpdate, Plan, SubmittedUpdate
from plans.reporting import freeze_report
from tests.factory import (
    make_acronym,
    make_action,
    make_attendance,
    make_audience,
    make_axis,
    make_cai_user,
    make_commune,
    make_diagnostic,
    make_finding,
    make_footer_pages,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_intervention_axis,
    make_meeting,
    make_membership,
    make_memorandum,
    make_milestone,
    make_milestone_source,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_space,
    make_target_public,
    make_theme,
    make_update,
    make_user,
)

# Personal data of contact people and users: never on a public page or in an open export.
PRIVATE = {
    "contact": "Personne-De-Contact",
    "first_name": "Prénom-Privé",
    "last_name": "Nom-Privé",
    "email": "adresse-privee@partenaire.example",
}

PERSONAS = [
    "anonymous",  # no account: the public site only
    "partner_a",  # a partner user of organisation A, which leads action A-1 of plan X
    "partner_b",  # a partner user of organisation B, which leads action B-1 of plan Y
    "staff",  # CAI staff following plan X: edits its actions, updates, meetings
    "coordinator_x",  # coordinator of plan X: edits plan X and all under it, reads the rest
    "coordinator_y",  # coordinator of plan Y: reads plan X
    "administrator",  # everything, users and roles included
]
CAI = {"staff", "coordinator_x", "coordinator_y", "administrator"}

# --- What each role may do in the admin --------------------------------------------------------
# v view, a add, c change, d delete, i import, e export. Staff and coordinators change and
# delete only rows under the plans they follow (scoped models); the row used here is under
# plan X, which staff and coordinator_x follow and coordinator_y does not.

ALL = "vacdie"
RIGHTS = {
    # model: (staff, coordinator, administrator, scoped)
    "auth.group": ("", "", "vacd", False),
    "cai.user": ("", "", "vacd", False),
    "cai.province": ("v", "v", "vacd", False),
    "cai.arrondissement": ("v", "v", "vacd", False),
    "cai.commune": ("v", "v", "vacd", False),
    "cai.interventionaxis": ("v", "v", "vacd", False),
    "cai.audience": ("v", "v", "vacd", False),
    "cai.targetpublic": ("v", "v", "vacd", False),
    "cai.theme": ("v", "v", "vacd", False),
    "cai.acronym": ("v", "v", "vacd", False),
    "cai.rightsframework": ("v", "v", "vacd", False),
    "cai.rightsaxis": ("v", "v", "vacd", False),
    "cai.organisation": ("v", ALL, ALL, False),
    "concertation.space": ("v", "vacd", "vacd", False),
    "concertation.membership": ("v", "vacd", "vacd", False),
    "concertation.meeting": ("vac", "vacd", "vacd", True),
    "concertation.attendance": (ALL, ALL, ALL, True),
    "plans.plan": ("v", "vc", "vacd", True),
    "plans.milestone": ("v", ALL, ALL, True),
    "plans.milestonesource": ("v", ALL, ALL, True),
    "plans.diagnostic": ("v", "vacd", "vacd", True),
    "plans.finding": ("v", ALL, ALL, True),
    "plans.objective": ("v", "vacd", "vacd", True),
    "plans.action": ("vace", ALL, ALL, True),
    "plans.actionupdate": (ALL, ALL, ALL, True),
    "plans.submittedupdate": ("v", "vc", "vc", True),  # a coordinator of the plan decides
    "plans.indicator": ("vacd", ALL, ALL, True),
    "plans.memorandum": ("v", "v", "vacd", False),
    "plans.recommendation": ("v", "ve", ALL, False),
    "plans.frozenreport": ("v", "v", "v", True),  # made by freezing, never edited
    "flatpages.flatpage": ("v", "v", "vacd", False),  # the footer's pages
    # The outbox and what people chose: e-mail addresses and contents, administrators only.
    "post_office.email": ("", "", "vcd", False),  # written by the application only
    "notifications.digest": ("", "", "vd", False),  # written by send_reminders only
    "notifications.preferences": ("", "", "vd", False),  # each person's own, on /compte/
}


def rights(persona, model_label):
    staff, coordinator, administrator, scoped = RIGHTS[model_label]
    granted = {
        "staff": staff,
        "coordinator_x": coordinator,
        "coordinator_y": coordinator,
        "administrator": administrator,
    }[persona]
    follows_the_row = persona != "coordinator_y" or not scoped
    return granted, follows_the_row


def admin_answer(persona, page, model_label):
    if persona not in CAI:
        return "login"
    granted, follows = rights(persona, model_label)
    if model_label == "plans.submittedupdate" and not follows and page in ("change", "history"):
        return 302  # the queue holds only the updates of the person's plans: "not found"
    if page in ("changelist", "history", "simple_history"):
        return 200 if "v" in granted else 403
    if page == "add":
        return 200 if "a" in granted else 403
    if page == "change":
        if "c" in granted and follows:
            return "edit"
        return "view" if "v" in granted else 403
    if page == "delete":
        return 200 if "d" in granted and follows else 403
    if page == "import":
        return 200 if "i" in granted else 403
    if page == "process_import":  # the confirmation step answers POST only
        return 405
    if page in ("export", "dictionary", "streamed_export"):
        return 200 if "e" in granted else 403
    if page == "password_change":  # someone else's password
        return 200 if "c" in granted else 403
    if page == "object":  # the old /admin/app/model/<id>/ address: a redirect for staff
        return 302
    raise AssertionError(f"No rule for the admin page {page!r}")


def report_answer(persona, page):
    """The annual report pages of plan X (plans/reporting) are for those who may change the
    plan; the stored files of a frozen report, for all who read frozen reports."""
    if persona not in CAI:
        return "login"
    if persona in ("staff", "coordinator_y") and page != "report_frozen":
        return 403
    return 200


# --- The pages that are not a model's admin page, one by one ----------------------------------

PUBLIC = dict.fromkeys(PERSONAS, 200)
NEEDS_LOGIN = {persona: 200 if persona != "anonymous" else "login" for persona in PERSONAS}
PARTNER_AREA = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": "login",
}
ADMIN_ONLY_STAFF = {persona: 200 if persona in CAI else "login" for persona in PERSONAS}

PAGES = {
    "health": PUBLIC,
    "set_language": dict.fromkeys(PERSONAS, 302),
    "plans:home": PUBLIC,
    "plans:plan-list": PUBLIC,
    "plans:plan-detail": PUBLIC,
    "plans:action-detail": PUBLIC,
    "plans:unpublished-action-detail": dict.fromkeys(PERSONAS, 404),
    "plans:axis-detail": PUBLIC,
    "plans:axis-csv": PUBLIC,
    "plans:commune-list": PUBLIC,
    "plans:commune-detail": PUBLIC,
    "plans:memorandum-list": PUBLIC,
    "plans:memorandum-detail": PUBLIC,
    "plans:chronology": PUBLIC,
    "plans:milestone-detail": PUBLIC,
    "plans:chronology-csv": PUBLIC,
    "concertation:space-list": PUBLIC,
    "site-contact": PUBLIC,
    "site-legal": PUBLIC,
    "site-accessibility": PUBLIC,
    "concertation:space-detail": PUBLIC,
    # The meeting calendars (iCalendar): public, like the meetings they list.
    "concertation:site-ics": PUBLIC,
    "concertation:space-ics": PUBLIC,
    "concertation:commune-ics": PUBLIC,
    "concertation:meeting-ics": PUBLIC,
    # The partner area: partners see their organisation's actions and nobody else's.
    "partners:action-list": {**PARTNER_AREA, "partner_a": 200, "partner_b": 200},
    "partners:action-detail": {**PARTNER_AREA, "partner_a": 200, "partner_b": 404},
    "partners:update-create": {**PARTNER_AREA, "partner_a": 200, "partner_b": 404},
    "partners:update-edit": {**PARTNER_AREA, "partner_a": 200, "partner_b": 404},
    "partners:update-delete": {**PARTNER_AREA, "partner_a": 200, "partner_b": 404},
    # One login for everybody; the account pages need it.
    "accounts:login": PUBLIC,
    "accounts:verify": dict.fromkeys(PERSONAS, "login"),  # only between the two steps
    "accounts:logout": PUBLIC,  # a confirmation page, then POST
    "accounts:account": NEEDS_LOGIN,
    "accounts:password-change": NEEDS_LOGIN,
    "accounts:two-factor": NEEDS_LOGIN,
    "accounts:two-factor-remove": {  # POST only, from the set-up page
        persona: 302 if persona != "anonymous" else "login" for persona in PERSONAS
    },
    # The admin's own pages.
    "admin:index": ADMIN_ONLY_STAFF,
    "admin:login": dict.fromkeys(PERSONAS, "login"),  # to the account login
    "admin:logout": {persona: 405 if persona in CAI else 302 for persona in PERSONAS},
    "admin:password_change": ADMIN_ONLY_STAFF,
    "admin:password_change_done": ADMIN_ONLY_STAFF,
    "admin:autocomplete": {**ADMIN_ONLY_STAFF, **dict.fromkeys(CAI, 403)},  # needs a field
    "admin:jsi18n": ADMIN_ONLY_STAFF,
    "admin:app_list": ADMIN_ONLY_STAFF,
    "admin:view_on_site": {persona: 302 if persona in CAI else "login" for persona in PERSONAS},
    "admin:<url>": {persona: 404 if persona in CAI else "login" for persona in PERSONAS},
    # The outbox's own pages (post_office): an e-mail's HTML, its images, sending it again.
    "admin:post_office_email_preview": {
        **ADMIN_ONLY_STAFF,
        **dict.fromkeys(CAI - {"administrator"}, 403),
    },
    "admin:post_office_email_image": {  # this e-mail has no image
        **ADMIN_ONLY_STAFF,
        **dict.fromkeys(CAI, 403),
        "administrator": 404,
    },
    "admin:resend": {
        **ADMIN_ONLY_STAFF,
        **dict.fromkeys(CAI, 403),
        "administrator": 302,
    },
    "media": dict.fromkeys(PERSONAS, 404),
}


# --- The rows the URLs point to ----------------------------------------------------------------


class World:
    """Plan X and plan Y, a row of every kind under plan X, and the seven personas."""

    def __init__(self):
        framework = make_framework(code="pcs-2020")
        self.axis = make_axis(framework=framework, code="pcs2020-1", short_name="Santé")
        self.commune = make_commune(nis_code="92094", name="Namur")
        self.plan_x = make_plan(code="plan-x", title="Plan X", framework=framework)
        self.plan_y = make_plan(code="plan-y", title="Plan Y", framework=framework)
        self.organisation_a = make_organisation(
            code="org-a", name="Organisation A", contact_name=PRIVATE["contact"]
        )
        self.organisation_b = make_organisation(code="org-b", name="Organisation B")
        self.action = make_action(
            plan=self.plan_x, code="A-1", axis=self.axis, lead_organisation=self.organisation_a
        )
        self.action.communes.add(self.commune)
        make_action(
            plan=self.plan_y, code="B-1", axis=self.axis, lead_organisation=self.organisation_b
        )
        self.unpublished = make_action(
            plan=self.plan_x, code="A-2", axis=self.axis, is_published=False
        )
        make_footer_pages()
        self.make_personas()
        self.make_rows()

    def make_personas(self):
        self.users = {
            "partner_a": self.partner(self.organisation_a),
            "partner_b": self.partner(self.organisation_b),
            "staff": make_cai_user(STAFF, plans=[self.plan_x]),
            "coordinator_x": make_cai_user(COORDINATORS, plans=[self.plan_x]),
            "coordinator_y": make_cai_user(COORDINATORS, plans=[self.plan_y]),
            "administrator": make_cai_user(ADMINISTRATORS),
        }

    def partner(self, organisation):
        user = make_user(
            organisation=organisation,
            first_name=PRIVATE["first_name"],
            last_name=PRIVATE["last_name"],
            email=f"{organisation.code}-{PRIVATE['email']}",
        )
        user.groups.add(Group.objects.get_or_create(name=PARTNERS)[0])
        return user

    def make_rows(self):
        x = self.plan_x
        update = make_update(self.action, reported_on=datetime.date(2025, 3, 1))
        submitted = make_update(
            self.action,
            reported_on=datetime.date(2025, 4, 1),
            author=self.users["partner_a"],
            review_status=ActionUpdate.Review.DRAFT,
        )
        submitted.submit()
        self.draft = make_update(
            self.action,
            reported_on=datetime.date(2025, 5, 1),
            author=self.users["partner_a"],
            review_status=ActionUpdate.Review.DRAFT,
        )
        indicator = make_indicator(action=self.action)
        make_indicator_value(indicator=indicator)
        diagnostic = make_diagnostic(plan=x)
        memorandum = make_memorandum(code="memo-2024", is_published=True)
        self.space = make_space(code="gt-sante", is_published=True)
        self.space.plans.add(x)
        meeting = make_meeting(space=self.space, is_published=True)
        self.meeting = meeting
        card = make_milestone(plan=x, slug="fiche-x", is_published=True)
        self.rows = {
            "auth.group": Group.objects.get(name=STAFF),
            "cai.user": self.users["staff"],
            "cai.province": self.commune.arrondissement.province,
            "cai.arrondissement": self.commune.arrondissement,
            "cai.commune": self.commune,
            "cai.interventionaxis": make_intervention_axis(),
            "cai.audience": make_audience(),
            "cai.targetpublic": make_target_public(),
            "cai.theme": make_theme(),
            "cai.acronym": make_acronym(),
            "cai.rightsframework": self.axis.framework,
            "cai.rightsaxis": self.axis,
            "cai.organisation": self.organisation_a,
            "concertation.space": self.space,
            "concertation.membership": make_membership(space=self.space),
            "concertation.meeting": meeting,
            "concertation.attendance": make_attendance(meeting=meeting),
            "plans.plan": x,
            "plans.milestone": card,
            "plans.milestonesource": make_milestone_source(milestone=card),
            "plans.diagnostic": diagnostic,
            "plans.finding": make_finding(diagnostic=diagnostic, axis=self.axis),
            "plans.objective": make_objective(plan=x, axis=self.axis),
            "plans.action": self.action,
            "plans.actionupdate": update,
            "plans.submittedupdate": SubmittedUpdate.objects.get(pk=submitted.pk),
            "plans.indicator": indicator,
            "plans.memorandum": memorandum,
            "plans.recommendation": make_recommendation(memorandum=memorandum),
            "plans.frozenreport": freeze_report(plan=x, year=2024, user=None),
            "flatpages.flatpage": FlatPage.objects.get(url="/contact/"),
            "post_office.email": Email.objects.get(to=[self.users["coordinator_x"].email]),
            "notifications.digest": Digest.objects.create(
                user=self.users["partner_a"], sent_at=timezone.now(), action_count=1
            ),
            "notifications.preferences": Preferences.objects.create(user=self.users["partner_a"]),
        }
        assert Meeting.objects.filter(space__plans=x).exists()


# --- Reading the URL configuration --------------------------------------------------------------


def every_url_pattern(resolver=None, prefix="", namespace=None):
    """(name, route, the pattern) for every URL of the project; admin routes included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from every_url_pattern(pattern, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


ADMIN_MODEL_PAGE = re.compile(
    r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<page>changelist|add|change|delete|history|"
    r"import|process_import|export|dictionary|streamed_export|simple_history|password_change)$"
)
ADMIN_REPORT_PAGE = re.compile(r"^admin:plans_plan_(?P<page>report(_[a-z]+)?)$")
ADMIN_OBJECT_ROUTE = re.compile(r"^admin/(?P<app>[a-z_]+)/(?P<model>[a-z]+)/<path:object_id>/$")


def planned_requests(world):
    """(key, url, expected answers by persona) for every URL of the project."""
    planned, unknown = [], []
    for name, route in every_url_pattern():
        found = plan_one(world, name, route)
        if found is None:
            unknown.append(name or route)
        else:
            planned.extend(found)
    assert not unknown, f"URLs missing from the permission matrix: {unknown}"
    return planned


def plan_one(world, name, route):
    if name and (match := ADMIN_MODEL_PAGE.match(name)):
        label = f"{match['app']}.{match['model']}".replace("auth.user", "cai.user")
        if label not in RIGHTS:
            return None
        row = world.rows[label]
        page = match["page"]
        args = [row.pk] if page in ("change", "delete", "history", "password_change") else []
        if page == "simple_history":  # one past version of the row
            args = [row.pk, row.history.latest().history_id]
        expected = {p: admin_answer(p, page, label) for p in PERSONAS}
        return [(name, reverse(name, args=args), expected)]
    if name and (match := ADMIN_REPORT_PAGE.match(name)):
        kwargs = {"plan_id": world.plan_x.pk}
        if match["page"] != "report":
            kwargs["year"] = 2024
        if match["page"] in ("report_frozen", "report_download"):
            kwargs["file_format"] = "csv"
        expected = {p: report_answer(p, match["page"]) for p in PERSONAS}
        return [(name, reverse(name, kwargs=kwargs), expected)]
    if name is None and (match := ADMIN_OBJECT_ROUTE.match(route)):
        label = f"{match['app']}.{match['model']}"
        if label not in RIGHTS:
            return None
        url = f"/admin/{match['app']}/{match['model']}/{world.rows[label].pk}/"
        return [(route, url, {p: admin_answer(p, "object", label) for p in PERSONAS})]
    key = name or special_key(route)
    if key not in PAGES:
        return None
    if key == "plans:action-detail":
        return [
            (key, reverse(key, args=["plan-x", "A-1"]), PAGES[key]),
            (
                "plans:unpublished-action-detail",
                reverse(key, args=["plan-x", "A-2"]),
                PAGES["plans:unpublished-action-detail"],
            ),
        ]
    return [(key, concrete_url(world, key), PAGES[key])]


def special_key(route):
    if route.startswith("admin/") and "(?P<url>" in route:
        return "admin:<url>"
    if "media" in route:
        return "media"
    return route


def concrete_url(world, key):
    args = {
        "plans:plan-detail": ["plan-x"],
        "plans:axis-detail": [world.axis.code],
        "plans:axis-csv": [world.axis.code],
        "plans:commune-detail": [world.commune.nis_code],
        "plans:memorandum-detail": ["memo-2024"],
        "plans:milestone-detail": ["fiche-x"],
        "concertation:space-detail": [world.space.code],
        "concertation:space-ics": [world.space.code],
        "concertation:commune-ics": [world.commune.nis_code],
        "concertation:meeting-ics": [world.meeting.pk],
        "admin:post_office_email_preview": [world.rows["post_office.email"].pk],
        "admin:post_office_email_image": [world.rows["post_office.email"].pk, "0" * 32],
        "admin:resend": [world.rows["post_office.email"].pk],
        "partners:action-detail": [world.action.pk],
        "partners:update-create": [world.action.pk],
        "partners:update-edit": [world.draft.pk],
        "partners:update-delete": [world.draft.pk],
        "admin:app_list": ["plans"],
        "admin:view_on_site": [ContentType.objects.get_for_model(Plan).pk, world.plan_x.pk],
    }.get(key, [])
    if key == "admin:<url>":
        return "/admin/nexiste-pas/"
    if key == "media":
        return "/media/nexiste-pas.pdf"
    return reverse(key, args=args)


# --- The walk -----------------------------------------------------------------------------------


def answer(response, wanted):
    if response.status_code == 302:
        location = response["Location"]
        return "login" if "/connexion/" in location or "/login/" in location else 302
    if response.status_code == 200 and wanted in ("edit", "view"):
        return (
            "edit"
            if any(button in response.content.decode() for button in SAVE_BUTTONS)
            else "view"
        )
    return response.status_code


# An admin form's save button; the review of a partner's update decides with its own two.
SAVE_BUTTONS = ('name="_save"', 'name="decision"')


def shown_private(response):
    content = b"".join(response) if response.streaming else response.content
    text = content.decode(errors="replace")
    return [value for value in PRIVATE.values() if value in text]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_matrix_says(client, db, persona):
    world = World()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    wrong = []
    for key, url, expected in planned_requests(world):
        response = client.get(url)
        got = answer(response, expected[persona])
        if got != expected[persona]:
            wrong.append(f"{key} {url}: expected {expected[persona]}, got {got}")
        if persona == "anonymous" and got == 200:
            wrong.extend(f"{key} {url}: shows {value}" for value in shown_private(response))
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_every_registered_admin_model_has_its_rights_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(RIGHTS)
