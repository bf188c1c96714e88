"""People for measuring `send_reminders` on a demo database (which has no users): one partner
user per organisation and one coordinator per plan, with e-mail addresses of example.org.

    .venv/bin/python manage.py shell < bench/reminder_people.py
"""

from django.contrib.auth.models import Group

from cai.models import Organisation, User
from cai.roles import COORDINATORS, install_roles
from plans.models import Plan

install_roles()
coordinators = Group.objects.get(name=COORDINATORS)
partners = [
    User(username=f"bench-{code}", email=f"{code}@example.org", organisation_id=pk)
    for pk, code in Organisation.objects.values_list("pk", "code")
]
User.objects.bulk_create(partners, ignore_conflicts=True)
for plan in Plan.objects.filter(code__startswith="demo-"):
    user, _ = User.objects.get_or_create(
        username=f"bench-coordination-{plan.code}",
        defaults={"email": f"coordination-{plan.code}@example.org", "is_staff": True},
    )
    user.groups.add(coordinators)
    plan.team.add(user)
print(User.objects.filter(username__startswith="bench-").count(), "people for the reminders")
