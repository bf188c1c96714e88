"""What concertation exchanges as spreadsheets: the attendance sheets of meetings."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cai.exchange import columns, widgets
from cai.exchange.resources import ExchangeResource
from cai.models import Organisation

from .models import Attendance, Meeting

MEETING_CODE, SPACE, PLAN, DATE = "réunion", "espace", "plan", "date"


class MeetingWidget(widgets.CodeWidget):
    """A meeting, told by its code or, as most meetings have none, by where and when it met.

    The "réunion" column holds the meeting's code when it has one. Otherwise the meeting is
    the one its space held that day (columns "espace" and "date"), or, for a meeting outside
    any space such as a plenary assembly, the one its plan held that day ("plan", "date").
    Two meetings of a space on the same day need a code to be told apart.
    """

    def __init__(self):
        super().__init__(Meeting, unknown=_("réunion inconnue : %(value)s"))
        self.dates = widgets.DateWidget()
        self.by_code, self.by_place = {}, {}

    def prepare(self, column, rows):
        codes, days = set(), set()
        for row in rows:
            codes.add(widgets.cell_text(row.get(column)))
            try:
                days.add(self.dates.clean(row.get(DATE)))
            except ValueError:
                continue
        codes.discard("")
        days.discard(None)
        found = (
            Meeting.objects.filter(Q(code__in=codes) | Q(held_on__in=days))
            .select_related("space", "plan")
            .order_by("pk")
        )
        for meeting in found:
            if meeting.code:
                self.by_code[meeting.code] = meeting
            self.by_place.setdefault(self.place_of(meeting), []).append(meeting)

    @staticmethod
    def place_of(meeting):
        if meeting.space_id:
            return (SPACE, meeting.space.code, meeting.held_on)
        return (PLAN, meeting.plan.code if meeting.plan_id else "", meeting.held_on)

    def clean(self, value, row=None, **kwargs):
        code = widgets.cell_text(value)
        if code:
            if code not in self.by_code:
                raise ValueError(self.unknown % {"value": code})
            return self.by_code[code]
        return self.meeting_on(row)

    def meeting_on(self, row):
        space, plan = widgets.cell_text(row.get(SPACE)), widgets.cell_text(row.get(PLAN))
        day = self.dates.clean(row.get(DATE))
        if not (space or plan) or day is None:
            raise ValueError(
                _("indiquez la réunion : son code, ou son espace (à défaut son plan) et sa date.")
            )
        place = (SPACE, space, day) if space else (PLAN, plan, day)
        meetings = self.by_place.get(place, [])
        values = {"where": space or plan, "day": f"{day:%d/%m/%Y}"}
        if not meetings:
            raise ValueError(_("aucune réunion de « %(where)s » le %(day)s.") % values)
        if len(meetings) > 1:
            raise ValueError(
                _(
                    "« %(where)s » a tenu plusieurs réunions le %(day)s : donnez un code à "
                    "chacune dans l'administration et indiquez-le dans la colonne « réunion »."
                )
                % values
            )
        return meetings[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.code


class AttendanceResource(ExchangeResource):
    """Attendance sheets: which organisation came to which meeting, with how many people."""

    plan_path = "meeting"

    meeting = columns.Field(
        "meeting",
        MEETING_CODE,
        MeetingWidget(),
        _(
            "Code de la réunion, s'il y en a un. Sans code, la réunion est reconnue par les "
            "colonnes « espace » (ou « plan ») et « date »."
        ),
    )
    space = columns.context(
        "meeting__space__code", SPACE, _("Code de l'espace de concertation qui a tenu la réunion.")
    )
    plan = columns.context(
        "meeting__plan__code",
        PLAN,
        _("Code du plan, pour une réunion hors espace (assemblée plénière…)."),
    )
    held_on = columns.Field(
        "meeting__held_on",
        DATE,
        widgets.DateWidget(),
        _("Date de la réunion (jj/mm/aaaa)."),
        readonly=True,
    )
    organisation = columns.reference(
        "organisation",
        "organisation",
        Organisation,
        _("Code de l'organisation présente : avec la réunion, la clé de la ligne."),
        unknown=_("organisation inconnue : %(value)s"),
    )
    people_count = columns.integer(
        "people_count",
        "nombre de personnes",
        _("Nombre de personnes de l'organisation présentes, au moins 1 (vide : 1)."),
        default=1,
    )

    select_related = ["meeting__space", "meeting__plan"]

    def plan_ids_of(self, attendance):
        """A meeting is under its plan and under the plans of its concertation space."""
        meeting = attendance.meeting
        if meeting is None:
            return set()
        plans = set(meeting.space.plans.values_list("pk", flat=True)) if meeting.space_id else set()
        return plans | {meeting.plan_id}

    class Meta:
        model = Attendance
        fields = ["meeting", "space", "plan", "held_on", "organisation", "people_count"]
        import_id_fields = ["meeting", "organisation"]
        name = _("Présences")
