"""The four roles of the application, as Django groups.

A role is a group of permissions, given to people in the admin (Utilisateurs → groupes). What a
coordinator or a staff member may change is further limited to the plans they are assigned to
(Plan.team); partners have no admin access and work in the partner area.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ADMINISTRATORS = "Administrateurs CAI"
COORDINATORS = "Coordinateurs CAI"
STAFF = "Équipe CAI"
PARTNERS = "Partenaires"

ROLE_NAMES = [ADMINISTRATORS, COORDINATORS, STAFF, PARTNERS]

ROLE_DESCRIPTIONS = {
    ADMINISTRATORS: _("Tout, y compris les utilisateurs et leurs rôles."),
    COORDINATORS: _(
        "Modifie les plans qui lui sont confiés et tout ce qui en dépend ; lit le reste."
    ),
    STAFF: _(
        "Modifie les actions, points d'avancement, réunions et présences des plans qui lui sont "
        "confiés ; ne supprime pas de plan."
    ),
    PARTNERS: _("Appartient à une organisation ; pas d'accès à l'administration."),
}


def is_administrator(user):
    """Administrators may do everything; superusers count as administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(group.name == ADMINISTRATORS for group in user.groups.all())


# What each role may do beyond reading, as "app_label.codename". Everyone with admin access
# reads every row of the application's own apps; what they may change is further limited to
# their plans by the admin (plans.access).
_EDIT = ("add", "change", "delete")
_UNDER_A_PLAN = [
    "plans.milestone",
    "plans.milestonesource",
    "plans.milestoneacronym",
    "plans.milestoneresource",
    "plans.steeringmembership",
    "plans.diagnostic",
    "plans.finding",
    "plans.objective",
    "plans.action",
    "plans.actionpartner",
    "plans.actionupdate",
    "plans.indicator",
    "plans.indicatorvalue",
    "concertation.meeting",
    "concertation.attendance",
]
# Shared directories a coordinator keeps up to date while working on a plan.
_SHARED_DIRECTORIES = ["cai.organisation", "concertation.space", "concertation.membership"]

_EXCHANGE = [
    f"{app}.{verb}_{model}"
    for app, model in [
        ("cai", "organisation"),
        ("plans", "action"),
        ("plans", "actionupdate"),
        ("plans", "indicator"),
        ("plans", "finding"),
        ("plans", "milestone"),
        ("plans", "milestonesource"),
        ("concertation", "attendance"),
    ]
    for verb in ("import", "export")
]


def _grant(labels, verbs):
    return [
        f"{app}.{verb}_{model}"
        for app, model in (label.split(".") for label in labels)
        for verb in verbs
    ]


ROLE_PERMISSIONS = {
    COORDINATORS: [
        "plans.change_plan",
        *_grant(_UNDER_A_PLAN, _EDIT),
        *_grant(_SHARED_DIRECTORIES, _EDIT),
        "plans.change_submittedupdate",
        "plans.review_actionupdate",
        "plans.freeze_report",
        *_EXCHANGE,
        "plans.export_recommendation",
    ],
    STAFF: [
        *_grant(["plans.action", "concertation.meeting"], ("add", "change")),
        *_grant(
            [
                "plans.actionpartner",
                "plans.actionupdate",
                "plans.indicator",
                "plans.indicatorvalue",
                "concertation.attendance",
            ],
            _EDIT,
        ),
        "plans.export_action",
        "plans.import_actionupdate",
        "plans.export_actionupdate",
        "concertation.import_attendance",
        "concertation.export_attendance",
    ],
    PARTNERS: [],
}
READING_APPS = ["cai", "plans", "concertation", "flatpages"]


@transaction.atomic
def install_roles():
    """Create the four groups, or bring their permissions back to what this file says.

    Run after every migration (`manage.py install_roles`): new models bring new permissions.
    """
    # Everyone in the admin reads the application's rows, but not the people who log in.
    reading = (
        Permission.objects.filter(
            content_type__app_label__in=READING_APPS, codename__startswith="view_"
        )
        .exclude(content_type__model__startswith="historical")
        .exclude(content_type__app_label="cai", content_type__model="user")
    )
    for name in ROLE_NAMES:
        group, _created = Group.objects.get_or_create(name=name)
        if name == ADMINISTRATORS:
            group.permissions.set(Permission.objects.all())
        elif name == PARTNERS:
            group.permissions.clear()
        else:
            group.permissions.set([*reading, *_permissions(ROLE_PERMISSIONS[name])])
    return ROLE_NAMES


def _permissions(names):
    wanted = Q()
    for name in names:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(wanted).select_related("content_type"))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        # A renamed model or a typo: better stop than give a role less than it says.
        raise ImproperlyConfigured(f"Unknown permissions in cai.roles: {sorted(missing)}")
    return found
