"""The annual plenary report of a plan for one year (rapport annuel de l'assemblée plénière).

Once a year the plan's plenary assembly takes stock. This package builds that report from
the records (build.py) as plain data (data.py), writes it as a printable HTML page and its
PDF, a CSV file with its data dictionary and an XLSX workbook (render.py), freezes it when
the plenary is held and compares a frozen report with the live figures (freezing.py), and serves the
admin pages (views.py, admin.py); `manage.py plenary_report` writes it from the shell.

Définitions (les mêmes sont écrites sur la page du rapport) — pour un plan et une année Y :

- Le rapport lit le plan tel qu'il était au 31 décembre de Y : le statut et l'avancement
  d'une action sont ceux de son dernier point d'avancement daté de ce jour ou d'avant
  (aucun point : « prévue », 0 %), et non son statut actuel. Un rapport 2025 établi en 2027
  montre toujours 2025 (Action.objects.with_state_on).
- « Réalisées en Y » : au 31 décembre de Y l'action est réalisée, et le premier point qui
  l'a dite réalisée est daté de Y.
- « En cours » : au 31 décembre de Y l'action est en cours.
- « Perspectives Y+1 » : au 31 décembre de Y l'action est prévue ou reportée, et elle n'est
  pas terminée (pas de date de fin, ou une date de fin au 1er janvier de Y+1 ou après).
- Les autres actions ne sont pas reprises, et la page dit pourquoi : réalisées avant Y,
  abandonnées, ou prévues/reportées mais dont la date de fin est passée.
- Toutes les actions du plan comptent, publiées ou non (le rapport va à l'assemblée
  plénière) ; les notes internes n'apparaissent jamais.
- Pour chaque action : code, intitulé, axe, organisation porteuse (code et nom), partenaires
  et leur rôle, communes (codes INS et noms), état au 31 décembre, et chaque indicateur avec
  son unité, sa cible et sa valeur de l'année Y.
- Concertation : les espaces liés au plan, chacun avec le nombre de réunions tenues en Y ;
  les réunions tenues en Y sont celles de ces espaces et celles rattachées au plan (une
  réunion comptée une seule fois), datées de Y et pas après le jour où le rapport est
  établi (une réunion annoncée n'est pas encore tenue) ; les organisations distinctes
  présentes à ces réunions ; le nombre de personnes (personnes des organisations présentes
  plus autres participants).
- Recommandations : les recommandations distinctes auxquelles répondent les actions du plan,
  avec leur mémorandum, le niveau de pouvoir visé et leur suivi, et le nombre par suivi.
- Couverture du diagnostic : les constats des diagnostics qui ont alimenté le plan, chacun
  avec les actions du plan qui y répondent par leur objectif ; le nombre de constats avec
  et sans action.
- Chaque chiffre est traçable : la page liste les actions, réunions, organisations,
  recommandations ou constats derrière chaque nombre.
"""

from .build import build_report
from .data import Report, report_data
from .freezing import Difference, compare_with_live, freeze_report
from .render import (
    html_to_pdf,
    render_csv,
    render_csv_dictionary,
    render_html,
    render_pdf,
    render_xlsx,
)

__all__ = [
    "Difference",
    "Report",
    "build_report",
    "compare_with_live",
    "freeze_report",
    "html_to_pdf",
    "render_csv",
    "render_csv_dictionary",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "report_data",
]
