"""The partner area: where an organisation's users follow their actions and report progress.

A partner user belongs to one organisation (User.organisation). It sees the actions its
organisation leads or takes part in, published or not, and proposes updates for those it
leads; an update counts only once a coordinator of the plan has approved it.
"""
