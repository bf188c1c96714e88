"""The demo plans and their backbone: diagnostic → findings → objectives → actions → updates.

Each plan starts from a participatory diagnostic whose findings its objectives answer; actions
pursue the objectives and report dated updates whose progress never goes down; indicators
give a value for each year an action was reported on.
"""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from cai.models import DatePrecision
from plans.models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Diagnostic,
    Finding,
    Indicator,
    IndicatorValue,
    Memorandum,
    Milestone,
    Objective,
    Plan,
    Recommendation,
    Status,
    SteeringMembership,
)

from .content import (
    ADOPTERS,
    FUNDERS,
    GENERIC_INDICATORS,
    HOW,
    INTERNAL_NOTES,
    LEVEL_UNITS,
    MILESTONES,
    NOTES,
    PLAN_SHORT_NAMES,
    PLAN_TITLES,
    SHOWCASE_LEADS,
    STEERING_KINDS,
    WITH_PARTNERS,
    content_of,
    findings_of,
    of,
)
from .reference import (
    DEMO_PREFIX,
    DEMO_SUFFIX,
    DEMO_TODAY,
    FIRST_DAY,
    FIRST_YEAR,
    LAST_DAY,
    LAST_YEAR,
    PCS_YEARS,
    date_between,
    spread,
)
from .writing import batches, link

# The last report on an action comes up to six weeks after its end.
REPORT_DELAY = datetime.timedelta(days=45)

# --- plans -----------------------------------------------------------------------------------


def make_plans(demo):
    ref, rng = demo.ref, demo.rng
    specs = [
        ("pli-sambreville", Plan.Kind.PLI, [ref.sambreville]),
        ("plic-florennes", Plan.Kind.PLIC, [ref.florennes]),
        ("ppli", Plan.Kind.PPLI_2, []),
    ]
    others = [c for c in demo.communes if c not in (ref.sambreville, ref.florennes)]
    extra = min(len(others), max(0, demo.counts["plans"] - len(specs)))
    for commune in sorted(rng.sample(others, extra), key=lambda c: c.nis_code):
        specs.append((f"pli-{slugify(commune.name)}", Plan.Kind.PLI, [commune]))
    for code, kind, communes in specs[: demo.counts["plans"]]:
        plan = draft_plan(demo, f"{DEMO_PREFIX}{code}"[:40], kind, communes)
        demo.plans.append(plan)
        demo.plan_communes[plan.code] = communes
    demo.save(Plan, demo.plans, "plans")
    link(Plan.communes, [(p, c) for p in demo.plans for c in demo.plan_communes[p.code]])


def draft_plan(demo, code, kind, communes):
    where = plan_place(demo, communes)
    return Plan(
        code=code,
        kind=kind,
        title=f"{PLAN_TITLES[kind]} {where} {FIRST_YEAR}–{LAST_YEAR}{DEMO_SUFFIX}",
        summary=f"Plan fictif, créé pour la démonstration. Il part d'un diagnostic "
        f"participatif mené en {FIRST_YEAR - 1} et se lit selon la grille du PCS {PCS_YEARS}.",
        start_year=FIRST_YEAR,
        end_year=LAST_YEAR,
        scope=Plan.Scope.COMMUNAL if communes else Plan.Scope.PROVINCIAL,
        framework=demo.ref.housing.framework,
        # Under PPLI 2.0 the provincial plan is the CAI's own: its board adopts it.
        adopted_by=Plan.AdoptionBody.COMMUNAL_COUNCIL if communes else Plan.AdoptionBody.CAI_BOARD,
        adopted_on=date_between(
            demo.rng, datetime.date(FIRST_YEAR - 1, 10, 1), datetime.date(FIRST_YEAR, 3, 31)
        ),
        status=Plan.Status.IN_FORCE,
        is_published=True,
    )


def plan_place(demo, communes):
    """ "de Sambreville", or "de la province de Namur" for a provincial plan."""
    return of(communes[0].name) if communes else f"de la province {of(demo.ref.province)}"


# --- diagnostics, objectives, memorandum -----------------------------------------------------


def make_diagnostics(demo):
    rng, ref = demo.rng, demo.ref
    diagnostics = [
        Diagnostic(
            code=f"{DEMO_PREFIX}diag-{plan.code.removeprefix(DEMO_PREFIX)}"[:40],
            title=f"Diagnostic participatif — {plan.title}",
            plan=plan,
            method=Diagnostic.Method.PARTICIPATORY,
            start_year=FIRST_YEAR - 1,
            end_year=FIRST_YEAR - 1,
            participant_count=rng.randint(40, 180),
            summary="Diagnostic fictif : rencontres avec des personnes étrangères, des "
            "associations et des services publics, puis mise en commun des constats.",
            is_published=True,
        )
        for plan in demo.plans
    ]
    demo.save(Diagnostic, diagnostics, "diagnostics")
    link(Diagnostic.communes, [(d, c) for d in diagnostics for c in demo.communes_of(d.plan)])
    per_plan = max(len(ref.axes), demo.counts["findings"] // len(demo.plans))
    findings, links = [], {"themes": [], "communes": [], "publics": []}
    for diagnostic in diagnostics:
        for number in range(per_plan):
            axis = ref.axes[number % len(ref.axes)]
            texts = findings_of(axis)
            kind, statement = texts[(number // len(ref.axes)) % len(texts)]
            finding = Finding(
                diagnostic=diagnostic,
                code=f"C-{number + 1}",
                kind=kind,
                statement=statement,
                axis=axis,
                priority=rng.choice(Finding.Priority.values),
                # The first finding of each axis is always public: objectives answer it.
                is_published=number < len(ref.axes) or rng.random() < 0.85,
            )
            findings.append(finding)
            links["themes"] += [(finding, t) for t in [ref.theme_for(axis)] if t]
            communes = demo.communes_of(diagnostic.plan)
            links["communes"] += [(finding, c) for c in rng.sample(communes, 1)]
            links["publics"] += [(finding, p) for p in rng.sample(ref.people, 2)]
    demo.save(Finding, findings, "findings")
    link(Finding.themes, links["themes"])
    link(Finding.communes, links["communes"])
    link(Finding.target_publics, links["publics"])
    for finding in findings:
        key = (finding.diagnostic.plan.code, finding.axis.code)
        demo.findings.setdefault(key, []).append(finding)


def make_objectives(demo):
    axes, rng = demo.ref.axes, demo.rng
    per_plan = max(len(axes), demo.counts["objectives"] // len(demo.plans))
    objectives, answers = [], []
    for plan in demo.plans:
        for number in range(per_plan):
            axis, rank = axes[number % len(axes)], number // len(axes)
            titles = content_of(axis)["objectives"]
            objective = Objective(
                plan=plan,
                code=f"OBJ-{axis.number}.{rank + 1}",
                title=titles[rank % len(titles)],
                description=f"Objectif fictif : {content_of(axis)['purpose']}.",
                axis=axis,
            )
            objectives.append(objective)
            findings = demo.findings[(plan.code, axis.code)]
            answered = findings[:1] if rank == 0 else []
            answered += rng.sample(findings, rng.randint(1, len(findings)))
            answers += [(objective, f) for f in dict.fromkeys(answered)]
    demo.save(Objective, objectives, "objectives")
    link(Objective.findings, answers)
    for objective in objectives:
        key = (objective.plan.code, objective.axis.code)
        demo.objectives.setdefault(key, []).append(objective)


def make_memorandum(demo):
    rng, ref = demo.rng, demo.ref
    memorandum = Memorandum(
        code=f"{DEMO_PREFIX}memorandum-2024",
        title=f"Mémorandum fictif pour les élections communales et provinciales{DEMO_SUFFIX}",
        year=2024,
        election=Memorandum.Election.LOCAL,
        election_on=datetime.date(2024, 10, 13),
        audience="Candidats aux élections communales et provinciales de 2024",
        summary="Mémorandum fictif, écrit pour la démonstration avec le réseau et les "
        "personnes concernées.",
        is_published=True,
    )
    demo.save(Memorandum, [memorandum], "memorandums")
    link(Memorandum.co_authors, [(memorandum, o) for o in demo.organisations[:5]])
    recommendations = []
    for number in range(demo.counts["recommendations"]):
        axis = ref.axes[number % len(ref.axes)]
        texts = content_of(axis)["recommendations"]
        follow_up = rng.choice(Recommendation.FollowUp.values)
        recommendations.append(
            Recommendation(
                memorandum=memorandum,
                code=f"R-{number + 1}",
                text=texts[(number // len(ref.axes)) % len(texts)],
                theme=ref.theme_for(axis),
                axis=axis,
                level=rng.choice(
                    [Recommendation.Level.COMMUNAL] * 3 + [Recommendation.Level.PROVINCIAL]
                ),
                cost=rng.choice(Recommendation.Cost.values),
                follow_up=follow_up,
                follow_up_note=""
                if follow_up == Recommendation.FollowUp.NOT_TAKEN_UP
                else "Suivi fictif relevé lors de l'assemblée plénière.",
            )
        )
    demo.save(Recommendation, recommendations, "recommendations")
    for recommendation in recommendations:
        demo.recommendations.setdefault(recommendation.axis.code, []).append(recommendation)


# --- actions ---------------------------------------------------------------------------------


# What an action links to, besides its partners: many-to-many fields of Action.
ACTION_LINKS = ["themes", "intervention_axes", "target_publics", "communes", "recommendations"]


def make_actions(demo):
    """Actions on every axis; the first one is the housing showcase in Sambreville."""
    rng, ref, numbers, links = demo.rng, demo.ref, {}, []
    for index in range(demo.counts["actions"]):
        plan = demo.plans[index] if index < len(demo.plans) else rng.choice(demo.plans)
        axis = ref.housing if index == 0 else ref.axes[index % len(ref.axes)]
        numbers[(plan.code, axis.code)] = numbers.get((plan.code, axis.code), 0) + 1
        action, linked = draft_action(demo, index, plan, axis, numbers[(plan.code, axis.code)])
        demo.actions.append(action)
        links.append(linked)
    demo.save(Action, demo.actions, "actions")
    pairs = list(zip(demo.actions, links, strict=True))
    for field in ACTION_LINKS:
        link(getattr(Action, field), ((a, value) for a, linked in pairs for value in linked[field]))
    partners = ((a.pk, o.pk, role) for a, linked in pairs for o, role in linked["partners"])
    demo.write(ActionPartner, ["action_id", "organisation_id", "role"], partners, "partnerships")


def draft_action(demo, index, plan, axis, number):
    """The action, unsaved, and what it links to, to be written once it has an id."""
    rng, ref, content = demo.rng, demo.ref, content_of(axis)
    showcase = index == 0
    available = demo.communes_of(plan)
    communes = rng.sample(available, 1 if demo.plan_communes[plan.code] else rng.randint(1, 3))
    pool = demo.organisations_in(communes)
    # The showcase is carried by a neighbourhood association, an ILI or the CPAS.
    leads = [o for o in pool if o.kind in SHOWCASE_LEADS] if showcase else pool
    lead = rng.choice(leads or pool)
    # Partners come from the same communes when there are enough of them.
    others = [o for o in (pool if len(pool) > 3 else demo.organisations) if o is not lead]
    partners = rng.sample(others, rng.randint(2, 3) if showcase else rng.choice([0, 1, 1, 2, 2, 3]))
    title = content["actions"][0] if showcase else rng.choice(content["actions"])
    if len(communes) == 1:
        title = f"{title} à {communes[0].name}"
    planned = not showcase and rng.random() < 0.05
    started_on, ended_on = action_dates(rng, planned)
    if showcase:  # under way until the end of the plan
        ended_on = LAST_DAY
    is_published = showcase or rng.random() < 0.92
    spaces = demo.spaces_of_plan.get(plan.code, [])
    space = (
        spaces[0]
        if showcase and spaces
        else (rng.choice(spaces) if spaces and rng.random() < 0.4 else None)
    )
    recommendations = demo.recommendations.get(axis.code, [])
    answered = rng.sample(recommendations, 1) if recommendations and rng.random() < 0.15 else []
    theme = ref.theme_for(axis)
    themes = [theme] if theme else []
    if rng.random() < 0.5:
        themes.append(rng.choice(ref.specific_themes))
    linked = {
        "themes": list(dict.fromkeys(themes)),
        "intervention_axes": rng.sample(ref.intervention_axes, rng.randint(1, 2)),
        "target_publics": rng.sample(ref.people, rng.randint(1, 2))
        + (rng.sample(ref.operators, 1) if rng.random() < 0.3 else []),
        "communes": communes,
        "recommendations": answered,
        "partners": [(o, partner_role(rng, o)) for o in partners],
    }
    demo.flags.append((planned, showcase))
    objectives = demo.objectives[(plan.code, axis.code)]
    action = Action(
        plan=plan,
        objective=objectives[0] if showcase else rng.choice(objectives),
        code=f"A-{axis.number}.{number}",
        title=title,
        description=f"{title}. L'action vise à {content['purpose']}. {rng.choice(HOW)} "
        f"Elle est portée par {lead.name}{WITH_PARTNERS[len(partners)]}.",
        axis=axis,
        lead_organisation=lead,
        concertation_space=space,
        started_on=started_on,
        ended_on=ended_on,
        pcs_action_reference=f"PCS {communes[0].name} {PCS_YEARS}, action "
        f"{axis.number}.{rng.randint(1, 9)} (fictive)"
        if rng.random() < 0.25
        else "",
        internal_note="" if is_published else rng.choice(INTERNAL_NOTES),
        is_published=is_published,
    )
    return action, linked


def partner_role(rng, organisation):
    """Public bodies may fund an action; associations take part in it or relay it."""
    roles = [ActionPartner.Role.OPERATIONAL] * 3 + [
        ActionPartner.Role.RELAY,
        ActionPartner.Role.EXPERT,
        ActionPartner.Role.CO_LEAD,
    ]
    if organisation.kind in FUNDERS:
        roles.append(ActionPartner.Role.FUNDER)
    return rng.choice(roles)


def action_dates(rng, planned):
    """Planned actions start in the autumn of the plan's last year; the others some time
    before its last summer, so that each year has actions starting, under way and done."""
    if planned:
        return date_between(
            rng, datetime.date(LAST_YEAR, 9, 1), datetime.date(LAST_YEAR, 12, 1)
        ), None
    started_on = date_between(rng, FIRST_DAY, datetime.date(LAST_YEAR, 6, 30))
    ended_on = started_on + datetime.timedelta(days=rng.randint(300, 2000))
    if ended_on > LAST_DAY:
        ended_on = LAST_DAY if rng.random() < 0.6 else None
    return started_on, ended_on


# --- updates and indicators ------------------------------------------------------------------


UPDATE_FIELDS = ["action_id", "reported_on", "status", "progress", "note"]


def make_updates(demo):
    """Dated reports whose progress rises to each action's final state."""
    rng, showcase_updates = demo.rng, 5
    windows = [report_window(a) for a in demo.actions]
    weights = [
        0 if planned or showcase else (last - first).days * rng.uniform(0.6, 1.4)
        for (planned, showcase), (first, last) in zip(demo.flags, windows, strict=True)
    ]
    counts = spread(rng, demo.counts["updates"] - showcase_updates, weights)
    counts[0] += showcase_updates
    demo.write(ActionUpdate, UPDATE_FIELDS, drawn_updates(demo, windows, counts), "updates")


def drawn_updates(demo, windows, counts):
    """Each action's updates as rows of UPDATE_FIELDS, drawn as they are written."""
    rng = demo.rng
    for action, (_planned, showcase), window, count in zip(
        demo.actions, demo.flags, windows, counts, strict=True
    ):
        final = Status.IN_PROGRESS if showcase else final_status(rng, action)
        rows = updates_of(rng, action, window, count, final)
        if rows:
            demo.last_reported[action.pk] = rows[-1][1]
        yield from rows


def updates_of(rng, action, window, count, final):
    """One update in each of `count` equal slices of the window: spread over the years."""
    first, last = window
    span = (last - first).days + 1
    count = min(count, span)
    if not count:
        return []
    days = [rng.randrange(i * span // count, (i + 1) * span // count) for i in range(count)]
    updates, previous = [], None
    for day, (status, progress) in zip(days, story(rng, count, final), strict=True):
        note = rng.choice([n for n in NOTES[status] if n != previous] or NOTES[status])
        previous = note
        reported_on = first + datetime.timedelta(days=day)
        updates.append(
            (action.pk, reported_on, status, progress, note.format(n=rng.randint(4, 40)))
        )
    return updates


def report_window(action):
    """From the start until the last report, a little after the end but never after today."""
    last = min((action.ended_on or LAST_DAY) + REPORT_DELAY, DEMO_TODAY)
    return action.started_on, max(action.started_on, last)


def final_status(rng, action):
    draw = rng.random()
    finished = action.ended_on is not None and action.ended_on + REPORT_DELAY <= DEMO_TODAY
    if draw < 0.07:
        return Status.POSTPONED
    if draw < 0.10:
        return Status.ABANDONED
    return Status.DONE if finished or draw < 0.25 else Status.IN_PROGRESS


def story(rng, count, final):
    """`count` (status, progress) pairs, progress never going down: 100 % only when done."""
    if final == Status.DONE:
        top = 95
    elif final == Status.IN_PROGRESS:
        top = rng.randint(10, 95)
    else:
        top = rng.randint(5, 60)
    steps = sorted(rng.randint(5, top) for _ in range(count - 1))
    pairs = [(Status.IN_PROGRESS, progress) for progress in steps]
    if count >= 3 and rng.random() < 0.3:
        pairs[0] = (Status.PLANNED, 0)
    if final == Status.DONE:
        return [*pairs, (Status.DONE, 100)]
    if final == Status.IN_PROGRESS:
        return [*pairs, (Status.IN_PROGRESS, top)]
    return [*pairs, (final, steps[-1] if steps else top)]


def make_indicators(demo):
    """Indicators of the reported actions, with a value for each year reported on; written
    a batch of actions at a time, so that their values never pile up."""
    weights = [1 if a.pk in demo.last_reported else 0 for a in demo.actions]
    counts = spread(demo.rng, demo.counts["indicators"], weights)
    counts[0] = max(counts[0], 2)  # the showcase shows its indicators too
    for batch in batches(zip(demo.actions, counts, strict=True)):
        indicators, values = [], []
        for action, count in batch:
            indicators_of(demo, action, count, indicators, values)
        demo.save(Indicator, indicators, "indicators")
        rows = ((indicator.pk, year, value) for indicator, year, value in values)
        demo.write(IndicatorValue, ["indicator_id", "year", "value"], rows, "indicator_values")


def indicators_of(demo, action, count, indicators, values):
    """Draw `count` indicators of the action into `indicators`, their yearly values into
    `values` as (indicator, year, value)."""
    rng = demo.rng
    name, unit, low, high = content_of(action.axis)["indicator"]
    choices = [(name, Indicator.Kind.RESULT, unit, low, high), *GENERIC_INDICATORS]
    years = range(action.started_on.year, demo.last_reported.get(action.pk, FIRST_DAY).year + 1)
    for name, kind, unit, low, high in rng.sample(choices, min(count, len(choices))):
        target = rng.randint(low, high)
        indicator = Indicator(
            action=action, name=name, kind=kind, unit=unit, target=Decimal(target)
        )
        indicators.append(indicator)
        for year in years:
            # A share or a number of partners is a level each year; counts add up.
            value = target if unit in LEVEL_UNITS else target / len(years)
            value = min(100 if unit == "%" else 10**6, value * rng.uniform(0.6, 1.2))
            values.append((indicator, year, Decimal(round(value))))


# --- the plans' timelines and steering committees --------------------------------------------


def make_milestones(demo):
    """A few steps in each plan's life, filed under the reference taxonomy, all in the past."""
    ref, milestones = demo.ref, []
    links = {"audiences": [], "intervention_axes": [], "themes": [], "plans": []}
    terms = {
        "audiences": ref.audiences,
        "intervention_axes": {a.slug: a for a in ref.intervention_axes},
        "themes": ref.themes,
    }
    for plan in demo.plans:
        short = f"{PLAN_SHORT_NAMES[plan.kind]} {plan_place(demo, demo.plan_communes[plan.code])}"
        words = {
            "plan": f"du {short}",
            "short": short,
            "adopter": ADOPTERS[plan.adopted_by],
            "year": DEMO_TODAY.year - 1,
            "first_year": FIRST_YEAR,
        }
        for event, (occurred_on, precision) in milestone_dates(demo, plan).items():
            title, narrative, *slugs = MILESTONES[event]
            milestone = Milestone(
                slug=f"demo-{plan.code}-{event}",
                occurred_on=occurred_on,
                precision=precision,
                title=f"{title.format(**words)}{DEMO_SUFFIX}",
                narrative=narrative.format(**words),
                is_published=True,
            )
            milestones.append(milestone)
            links["plans"].append((milestone, plan))
            for (field, found), wanted in zip(terms.items(), slugs, strict=True):
                links[field] += [(milestone, found[slug]) for slug in wanted if slug in found]
    demo.save(Milestone, milestones, "milestones")
    for field, pairs in links.items():
        link(getattr(Milestone, field), pairs)


def milestone_dates(demo, plan):
    """When each step of the plan happened, and how precisely the date is known."""
    last_report = demo.plenaries[(plan.code, DEMO_TODAY.year - 1)]
    return {
        "diagnostic": (datetime.date(FIRST_YEAR - 1, 6, 1), DatePrecision.MONTH),
        "adoption": (plan.adopted_on, DatePrecision.DAY),
        "midterm": (datetime.date((FIRST_YEAR + LAST_YEAR) // 2, 3, 1), DatePrecision.MONTH),
        "report": (last_report.held_on, DatePrecision.DAY),
        "next_plan": (datetime.date(DEMO_TODAY.year, 9, 1), DatePrecision.MONTH),
    }


def make_steering(demo):
    """The provincial plan is steered by a pilot throughout and a co-pilot who, in 2023,
    stays on as a plain member: one seat after the other, never two at once."""
    rng, rows = demo.rng, []
    candidates = [o for o in demo.organisations if o.kind in STEERING_KINDS]
    for plan in (p for p in demo.plans if not demo.plan_communes[p.code]):
        pilot, co_pilot = rng.sample(candidates if len(candidates) > 1 else demo.organisations, 2)
        started_on, handover = plan.adopted_on, datetime.date(2023, 7, 1)
        rows += [
            SteeringMembership(
                plan=plan,
                organisation=pilot,
                role=SteeringMembership.Role.PILOT,
                started_on=started_on,
            ),
            SteeringMembership(
                plan=plan,
                organisation=co_pilot,
                role=SteeringMembership.Role.CO_PILOT,
                started_on=started_on,
                ended_on=handover - datetime.timedelta(days=1),
            ),
            SteeringMembership(
                plan=plan,
                organisation=co_pilot,
                role=SteeringMembership.Role.MEMBER,
                started_on=handover,
            ),
        ]
    demo.save(SteeringMembership, rows, "steering_memberships")
