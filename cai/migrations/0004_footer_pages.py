"""The footer's three pages, with a first text in French and in English.

They are flat pages (django.contrib.flatpages): administrators rewrite them in the admin
(Pages statiques). A page's address says its language: "/contact/" is read in French,
"/en/contact/" in English. An existing page at one of these addresses is left as it is.
"""

from django.db import migrations

PAGES = [
    (
        "/contact/",
        "Contact",
        """<p>Le site des plans d'intégration est tenu par le <strong>Centre d'action
interculturelle de la province de Namur</strong> (CAI), centre régional d'intégration
agréé par la Wallonie.</p>
<h2>Une question sur un plan ou une action</h2>
<p>Adressez-vous à l'équipe du CAI qui coordonne le plan : ses coordonnées figurent sur le
site du CAI, <a href="https://www.cainamur.be/">www.cainamur.be</a>. Indiquez le code du plan
et, s'il y a lieu, celui de l'action (par exemple « PPLI 2.0, A-1.2 »).</p>
<h2>Une organisation partenaire</h2>
<p>Votre organisation porte une action ou y participe et souhaite en rendre compte en ligne :
demandez un compte à votre coordinateur au CAI. Le compte donne accès à l'espace partenaire.</p>
<h2>Une erreur sur le site</h2>
<p>Une information inexacte, une page qui ne s'affiche pas bien, un contenu difficile à lire :
signalez-le au CAI, en donnant l'adresse de la page.</p>""",
    ),
    (
        "/en/contact/",
        "Contact",
        """<p>The integration plans website is run by the <strong>Centre d'action interculturelle
de la province de Namur</strong> (CAI), the regional integration centre of the province of
Namur, recognised by Wallonia.</p>
<h2>A question about a plan or an action</h2>
<p>Contact the CAI team that coordinates the plan: their details are on the CAI's website,
<a href="https://www.cainamur.be/">www.cainamur.be</a>. Give the plan's code and, if need be,
the action's (for example "PPLI 2.0, A-1.2").</p>
<h2>A partner organisation</h2>
<p>Your organisation leads or takes part in an action and would like to report on it online:
ask your coordinator at the CAI for an account. It opens the partner area.</p>
<h2>A mistake on the site</h2>
<p>Wrong information, a page that does not display well, content that is hard to read: tell
the CAI, giving the page's address.</p>""",
    ),
    (
        "/mentions-legales/",
        "Mentions légales",
        """<h2>Éditeur</h2>
<p>Centre d'action interculturelle de la province de Namur (CAI), association sans but
lucratif, centre régional d'intégration agréé par la Wallonie
(<a href="https://www.cainamur.be/">www.cainamur.be</a>).</p>
<h2>Contenu</h2>
<p>Le site présente les plans d'intégration coordonnés par le CAI, leurs actions et leur
avancement, les espaces de concertation, les mémorandums et la chronologie de ce travail.
Les informations sont publiées par l'équipe du CAI et validées par elle ; celles des
organisations partenaires ne sont publiées qu'après validation par un coordinateur.</p>
<h2>Sources des données de référence</h2>
<p>Communes et codes INS : Statbel (REFNIS). Limites des communes : données ouvertes sous
licence CC0.</p>
<h2>Données personnelles</h2>
<p>Les pages publiques ne montrent aucun nom de personne de contact ni aucune adresse
personnelle. Les comptes des organisations partenaires et de l'équipe du CAI ne servent qu'à
la tenue des plans ; ils sont traités par le CAI conformément au Règlement général sur la
protection des données (RGPD). Pour consulter, corriger ou supprimer vos données, adressez-vous
au CAI (voir la page Contact).</p>
<h2>Cookies</h2>
<p>Le site ne dépose aucun cookie de mesure d'audience ni de publicité. Il n'utilise que les
cookies nécessaires à son fonctionnement : la langue choisie, la protection des formulaires et,
pour les personnes connectées, la session.</p>""",
    ),
    (
        "/en/mentions-legales/",
        "Legal notice",
        """<h2>Publisher</h2>
<p>Centre d'action interculturelle de la province de Namur (CAI), a non-profit association
and regional integration centre recognised by Wallonia
(<a href="https://www.cainamur.be/">www.cainamur.be</a>).</p>
<h2>Content</h2>
<p>The site presents the integration plans coordinated by the CAI, their actions and
progress, the concertation spaces, the memorandums and the timeline of this work. The
information is published and checked by the CAI team; partner organisations' reports are
published only once a coordinator has approved them.</p>
<h2>Sources of the reference data</h2>
<p>Communes and NIS codes: Statbel (REFNIS). Commune boundaries: open data under the CC0
licence.</p>
<h2>Personal data</h2>
<p>The public pages show no contact person's name and no personal address. The accounts of
partner organisations and of the CAI team serve only to keep the plans; the CAI processes
them in accordance with the General Data Protection Regulation (GDPR). To see, correct or
delete your data, contact the CAI (see the Contact page).</p>
<h2>Cookies</h2>
<p>The site sets no audience-measurement or advertising cookie. It only uses the cookies it
needs to work: the language chosen, form protection and, for people who log in, the
session.</p>""",
    ),
    (
        "/accessibilite/",
        "Déclaration d'accessibilité",
        """<p>Le CAI veut que ce site soit utilisable par tous, quels que soient le matériel, le
logiciel, la langue ou les capacités de chacun. Le référentiel visé est le niveau AA des
règles WCAG 2.1, repris par la norme européenne EN 301 549.</p>
<h2>État de conformité</h2>
<p>Le site est <strong>partiellement conforme</strong> : il n'a pas encore fait l'objet d'un
audit externe. À chaque modification, des tests automatiques vérifient sur chaque page
publique et de l'espace partenaire l'absence d'erreur grave d'accessibilité (axe-core), la
validité du HTML (Nu Html Checker) et l'affichage sans défilement horizontal sur un écran de
390 pixels de large.</p>
<h2>Ce qui est fait</h2>
<ul>
<li>Le site fonctionne sans JavaScript, au clavier, et propose un lien d'accès direct au
contenu.</li>
<li>Chaque graphique est accompagné des mêmes chiffres écrits en toutes lettres ; la couleur
n'est jamais le seul porteur d'information (le statut d'une action est toujours écrit).</li>
<li>Le site est disponible en français et en anglais.</li>
</ul>
<h2>Limites connues</h2>
<ul>
<li>Certains documents téléchargeables (comptes rendus, ressources) sont publiés tels que les
partenaires les ont fournis et peuvent ne pas être accessibles.</li>
<li>L'administration, réservée à l'équipe du CAI, n'est pas couverte par cette déclaration.</li>
</ul>
<h2>Signaler un problème</h2>
<p>Si vous ne parvenez pas à accéder à un contenu, écrivez au CAI (voir la page Contact) : nous
vous le fournirons sous une autre forme et corrigerons le site. Si la réponse ne vous
satisfait pas, vous pouvez vous adresser au Médiateur de la Wallonie et de la Fédération
Wallonie-Bruxelles.</p>""",
    ),
    (
        "/en/accessibilite/",
        "Accessibility statement",
        """<p>The CAI wants this site to be usable by everyone, whatever their equipment,
software, language or abilities. The standard aimed at is level AA of WCAG 2.1, taken up by
the European standard EN 301 549.</p>
<h2>Compliance status</h2>
<p>The site is <strong>partially compliant</strong>: it has not yet been audited externally.
At every change, automated tests check every public and partner page for serious
accessibility errors (axe-core), HTML validity (Nu Html Checker) and display without
horizontal scrolling on a screen 390 pixels wide.</p>
<h2>What is done</h2>
<ul>
<li>The site works without JavaScript and with the keyboard, and offers a link that skips to
the content.</li>
<li>Every chart comes with the same figures written out; colour is never the only carrier of
information (an action's status is always written).</li>
<li>The site is available in French and in English.</li>
</ul>
<h2>Known limitations</h2>
<ul>
<li>Some downloadable documents (minutes, resources) are published as partners supplied them
and may not be accessible.</li>
<li>The administration, for the CAI team only, is not covered by this statement.</li>
</ul>
<h2>Reporting a problem</h2>
<p>If you cannot reach some content, write to the CAI (see the Contact page): we will provide
it in another form and fix the site. If the answer does not satisfy you, you may turn to the
Ombudsman of Wallonia and the Wallonia-Brussels Federation.</p>""",
    ),
]


def write_pages(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    # The site Django itself would create after migrating (SITE_ID = 1); its domain is unused.
    site, _created = Site.objects.get_or_create(
        pk=1, defaults={"domain": "example.com", "name": "example.com"}
    )
    for url, title, content in PAGES:
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content}
        )
        if created:
            page.sites.add(site)


class Migration(migrations.Migration):
    dependencies = [
        ("cai", "0003_user_organisation"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(write_pages, migrations.RunPython.noop)]
