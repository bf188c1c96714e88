"""The demo's network: fictitious organisations, the spaces they meet in, and their meetings.

Organisations are active in one or two communes of the province; spaces gather them for
years, members join and leave without overlapping periods, and each plan holds one plenary
assembly a year.
"""

import datetime
import itertools

from cai.models import Organisation
from concertation.models import Attendance, Meeting, Membership, Space

from .content import MEETING_TOPICS, ORGANISATION_NAMES, of
from .reference import (
    DEMO_PREFIX,
    DEMO_SUFFIX,
    DEMO_TODAY,
    FIRST_DAY,
    FIRST_YEAR,
    LAST_ANNOUNCED_DAY,
    LAST_YEAR,
    date_between,
)
from .writing import link

# This year's plenary assembly is still to come: it is announced two weeks ahead at least.
NOTICE = datetime.timedelta(days=14)

# --- organisations ---------------------------------------------------------------------------


def make_organisations(demo):
    rng, communes = demo.rng, demo.communes
    by_arrondissement = {}
    for commune in communes:
        by_arrondissement.setdefault(commune.arrondissement_id, []).append(commune)
    local = [c for p in demo.plans for c in demo.plan_communes[p.code]]
    homes = [local[i % len(local)] for i in range(6 * len(local))]
    homes += [rng.choice(communes) for _ in range(demo.counts["organisations"])]
    homes = homes[: demo.counts["organisations"]]
    used, organisations, active = set(), [], []
    for number, home in enumerate(homes, start=1):
        free = [(k, t) for k, t in ORGANISATION_NAMES if (home.nis_code, t) not in used]
        kind, template = (
            rng.choice(free)
            if free
            else (Organisation.Kind.HOST_ASSOCIATION, f"Association fictive n° {number} {{de}}")
        )
        used.add((home.nis_code, template))
        organisations.append(
            Organisation(
                code=f"{DEMO_PREFIX}org-{number:04d}",
                name=template.format(de=of(home.name)),
                kind=kind,
                email=f"org-{number:04d}@demo.example",
                address=f"Rue fictive {rng.randint(1, 120)}, {home.name}",
            )
        )
        neighbours = by_arrondissement[home.arrondissement_id]
        active.append([home, rng.choice(neighbours)] if rng.random() < 0.3 else [home])
    demo.organisations = demo.save(Organisation, organisations, "organisations")
    pairs = [(o, c) for o, cs in zip(demo.organisations, active, strict=True) for c in cs]
    link(Organisation.communes, list(dict.fromkeys(pairs)))
    for organisation, commune in dict.fromkeys(pairs):
        demo.local_organisations.setdefault(commune.nis_code, []).append(organisation)


# --- spaces and their members ----------------------------------------------------------------


def space_specs(demo):
    """(name, kind, level, plans, communes, axes) for as many spaces as asked."""
    ref, provincial = demo.ref, [p for p in demo.plans if not demo.plan_communes[p.code]]
    for plan in demo.plans:
        for commune in demo.plan_communes[plan.code]:
            yield (
                f"Coordination locale fictive {of(commune.name)}",
                Space.Kind.LOCAL_COORDINATION,
                Space.Level.LOCAL,
                [plan],
                [commune],
                [],
            )
    platforms = ["Plateforme fictive contre le racisme", "Plateforme fictive santé et exil"]
    axes = sorted(ref.axes, key=lambda a: a != ref.housing)
    for number, axis in enumerate(axes):
        yield (
            f"Groupe de travail fictif « {axis.short_name} »",
            Space.Kind.WORKING_GROUP,
            Space.Level.PROVINCIAL,
            provincial,
            [],
            [axis],
        )
        if number < len(platforms):
            kind, level = Space.Kind.PLATFORM, Space.Level.PROVINCIAL
            yield (platforms[number], kind, level, provincial, [], [])
    # Past one per commune (the larger sizes), sub-local coordinations get a number.
    for number in itertools.count():
        commune = ref.communes[number % len(ref.communes)]
        rank = f" n° {number // len(ref.communes) + 1}" if number >= len(ref.communes) else ""
        yield (
            f"Coordination sous-locale fictive {of(commune.name)}{rank}",
            Space.Kind.LOCAL_COORDINATION,
            Space.Level.SUB_LOCAL,
            provincial,
            [commune],
            [],
        )


def make_spaces(demo):
    rng, specs = demo.rng, space_specs(demo)
    spaces, links = [], {"plans": [], "communes": [], "axes": [], "themes": []}
    for number in range(1, demo.counts["spaces"] + 1):
        name, kind, level, plans, communes, axes = next(specs)
        started_on = date_between(rng, datetime.date(FIRST_YEAR - 1, 9, 1), FIRST_DAY)
        ended = rng.random() < 0.1
        space = Space(
            code=f"{DEMO_PREFIX}espace-{number:03d}",
            name=f"{name}{DEMO_SUFFIX}",
            kind=kind,
            level=level,
            convener=rng.choice(demo.organisations_in(communes)),
            description="Espace de concertation fictif : partenaires associatifs et "
            "services publics s'y retrouvent plusieurs fois par an.",
            started_on=started_on,
            ended_on=datetime.date(LAST_YEAR - 1, 6, 30) if ended else None,
            is_published=True,
        )
        spaces.append(space)
        links["plans"] += [(space, p) for p in plans]
        links["communes"] += [(space, c) for c in communes]
        links["axes"] += [(space, a) for a in axes]
        links["themes"] += [(space, t) for a in axes for t in [demo.ref.theme_for(a)] if t]
    demo.spaces = demo.save(Space, spaces, "spaces")
    for field, pairs in links.items():
        link(getattr(Space, field), pairs)
    for space, plan in links["plans"]:
        demo.spaces_of_plan.setdefault(plan.code, []).append(space)
    demo.space_communes = {s.code: [] for s in spaces}
    for space, commune in links["communes"]:
        demo.space_communes[space.code].append(commune)
    make_memberships(demo)


def make_memberships(demo):
    """Members join, some leave, a few come back later: periods never overlap."""
    rng, memberships = demo.rng, []
    for space in demo.spaces:
        pool = demo.organisations_in(demo.space_communes[space.code])
        others = [o for o in pool if o != space.convener]
        members = [space.convener, *rng.sample(others, min(len(others), rng.randint(4, 11)))]
        end_of_space = space.ended_on or DEMO_TODAY
        for organisation in members:
            started_on = date_between(
                rng, space.started_on, space.started_on + datetime.timedelta(days=300)
            )
            role = (
                Membership.Role.FACILITATOR
                if organisation == space.convener
                else rng.choice([Membership.Role.MEMBER] * 4 + [Membership.Role.EXPERT])
            )
            left = organisation != space.convener and rng.random() < 0.2
            ended_on = started_on + datetime.timedelta(days=rng.randint(200, 700)) if left else None
            memberships.append(
                Membership(
                    space=space,
                    organisation=organisation,
                    role=role,
                    started_on=started_on,
                    ended_on=ended_on or space.ended_on,
                )
            )
            back = ended_on and ended_on + datetime.timedelta(days=60) < end_of_space
            if back and rng.random() < 0.5:
                memberships.append(
                    Membership(
                        space=space,
                        organisation=organisation,
                        role=role,
                        started_on=date_between(
                            rng, ended_on + datetime.timedelta(days=30), end_of_space
                        ),
                        ended_on=space.ended_on,
                    )
                )
    for membership in demo.save(Membership, memberships, "memberships"):
        demo.members.setdefault(membership.space.code, []).append(membership)


# --- meetings --------------------------------------------------------------------------------


def make_meetings(demo):
    """One plenary assembly per plan and year, then meetings of the spaces.

    Meetings held by DEMO_TODAY have their attendance and minutes; later ones are only
    announced: published with their agenda, nobody present yet, no minutes.
    """
    rng, meetings, attendance, co_organisers = demo.rng, [], [], []
    for plan in demo.plans:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            meeting, present = plenary(demo, plan, year)
            meetings.append(meeting)
            demo.plenaries[(plan.code, year)] = meeting
            attendance += [(meeting, o) for o in present if meeting.held_on <= DEMO_TODAY]
            co_organisers += [(meeting, o) for o in present[:2]]
    for _number in range(max(0, demo.counts["meetings"] - len(meetings))):
        meeting, present = space_meeting(demo, rng.choice(demo.spaces))
        meetings.append(meeting)
        attendance += [(meeting, o) for o in present if meeting.held_on <= DEMO_TODAY]
    demo.save(Meeting, meetings, "meetings")
    link(Meeting.co_organisers, co_organisers)
    rows = ((m.pk, o.pk, rng.randint(1, 3)) for m, o in attendance)
    demo.write(Attendance, ["meeting_id", "organisation_id", "people_count"], rows, "attendances")


def plenary(demo, plan, year):
    """The plan's assembly of the year, each autumn, and the organisations it gathers."""
    rng = demo.rng
    first = DEMO_TODAY + NOTICE if year == DEMO_TODAY.year else datetime.date(year, 10, 1)
    held_on = date_between(rng, first, datetime.date(year, 12, 15))
    held = held_on <= DEMO_TODAY
    commune = rng.choice(demo.communes_of(plan))
    meeting = Meeting(
        plan=plan,
        kind=Meeting.Kind.PLENARY,
        title=f"Assemblée plénière {year} — {plan.title}",
        held_on=held_on,
        place=f"Salle fictive du conseil, {commune.name}",
        commune=commune,
        agenda=f"1. Bilan des actions {year}\n2. Avancement par axe\n"
        f"3. Perspectives {year + 1}\n4. Divers",
        minutes=f"Les partenaires ont pris connaissance du bilan {year} et ont "
        f"validé les priorités {year + 1}."
        if held
        else "",
        are_minutes_published=held,
        other_participants_count=rng.randint(0, 15) if held else 0,
        is_published=True,
    )
    pool = demo.organisations_in(demo.plan_communes[plan.code])
    return meeting, rng.sample(pool, min(len(pool), rng.randint(8, 20)))


def space_meeting(demo, space):
    """A meeting of the space, and those who come: some of its members on the day."""
    rng = demo.rng
    held_on = date_between(
        rng, max(space.started_on, FIRST_DAY), space.ended_on or LAST_ANNOUNCED_DAY
    )
    held = held_on <= DEMO_TODAY
    meeting = Meeting(
        space=space,
        kind=Meeting.Kind.WORKSHOP if rng.random() < 0.15 else Meeting.Kind.WORKING,
        title=f"{rng.choice(MEETING_TOPICS)} — {space.name}",
        held_on=held_on,
        place=f"Locaux fictifs de {space.convener.name}",
        agenda="1. Tour de table des partenaires\n2. Suivi des fiches action\n3. Divers",
        minutes="Compte rendu fictif : chaque partenaire a présenté l'avancement de ses "
        "actions ; prochaine réunion dans trois mois."
        if held
        else "",
        are_minutes_published=held and rng.random() < 0.5,
        other_participants_count=rng.randint(0, 3) if held else 0,
        is_published=True,
    )
    present = [
        m.organisation
        for m in demo.members[space.code]
        if m.started_on <= held_on and (m.ended_on is None or m.ended_on >= held_on)
    ]
    present = list(dict.fromkeys(present)) or [space.convener]
    return meeting, rng.sample(present, rng.randint(1, len(present)))
