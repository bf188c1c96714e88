"""The French the demo is written in: what each axis' actions, findings and objectives say.

Texts are plain data, chosen by the builders with the demo's own random generator. Every
organisation name says "fictif" or "fictive", so no reader mistakes a demo row for a real one.
"""

import itertools

from cai.models import Organisation
from plans.models import Finding, Indicator, Plan, Status

# Per axis number of the PCS 2020–2025 grid: theme slug, what the actions aim at, action
# titles, findings (obstacles, needs, resources), objectives, memorandum recommendations, and one
# result indicator (name, unit, lowest and highest target).
AXIS_CONTENT = {
    1: {
        "theme": "enseignement-formation-emploi",
        "purpose": "faciliter l'accès des personnes étrangères et d'origine étrangère à la "
        "formation et à l'emploi",
        "actions": [
            "Tables de conversation en français",
            "Ateliers de recherche d'emploi pour primo-arrivants",
            "Accompagnement à l'équivalence des diplômes",
            "Cours de français langue étrangère à visée professionnelle",
            "Permanence d'orientation vers la formation",
            "Job coaching interculturel",
        ],
        "obstacle": [
            "Les diplômes obtenus à l'étranger sont rarement reconnus, ce qui cantonne les "
            "personnes à des emplois peu qualifiés.",
            "Les employeurs connaissent mal les règles d'accès au travail des personnes "
            "étrangères.",
        ],
        "need": [
            "Besoin de cours de français accessibles en soirée, avec une garde d'enfants.",
        ],
        "resource": [
            "Des organismes de formation locaux sont prêts à adapter leurs horaires et leurs "
            "méthodes.",
        ],
        "objectives": [
            "Favoriser l'insertion socioprofessionnelle des personnes d'origine étrangère",
            "Faire de l'apprentissage du français un levier d'insertion",
        ],
        "recommendations": [
            "Renforcer l'offre de cours de français langue étrangère en soirée, avec une solution "
            "de garde d'enfants.",
            "Ouvrir un point d'information sur l'équivalence des diplômes dans chaque "
            "arrondissement.",
        ],
        "indicator": ("Personnes entrées en formation ou en emploi", "personnes", 5, 40),
    },
    2: {
        "theme": "logement",
        "purpose": "aider les personnes étrangères à trouver un logement décent et à faire valoir "
        "leurs droits de locataires",
        "actions": [
            "Permanence logement",
            "Ateliers de recherche de logement",
            "Accompagnement à la constitution de la garantie locative",
            "Sensibilisation des propriétaires à la non-discrimination",
            "Ateliers énergie : réduire ses factures au quotidien",
            "Médiation entre locataires et propriétaires",
        ],
        "obstacle": [
            "Des propriétaires refusent de louer à des personnes étrangères ou aidées par le CPAS.",
            "Des familles nombreuses vivent dans des logements trop petits, humides et coûteux à "
            "chauffer.",
        ],
        "need": [
            "Besoin d'un accompagnement pour chercher un logement, lire un bail et constituer la "
            "garantie locative.",
        ],
        "resource": [
            "Une agence immobilière sociale et des maisons de quartier peuvent relayer les offres "
            "de logement.",
        ],
        "objectives": [
            "Améliorer l'accès à un logement décent pour les personnes étrangères",
            "Lutter contre les discriminations dans l'accès au logement",
        ],
        "recommendations": [
            "Créer une cellule communale de lutte contre les discriminations au logement.",
            "Soutenir la constitution des garanties locatives par un fonds communal ou du CPAS.",
        ],
        "indicator": ("Ménages ayant trouvé un logement", "ménages", 5, 30),
    },
    3: {
        "theme": "sante",
        "purpose": "faciliter l'accès aux soins de santé et à l'aide médicale des personnes "
        "étrangères",
        "actions": [
            "Accompagnement vers les services de santé",
            "Séances d'information sur l'aide médicale urgente",
            "Groupe de parole santé mentale et exil",
            "Interprétariat social dans les consultations",
            "Ateliers santé des femmes",
        ],
        "obstacle": [
            "La barrière de la langue empêche de comprendre un diagnostic ou un traitement.",
            "Les traumatismes liés à l'exil restent peu pris en charge, faute de lieux adaptés.",
        ],
        "need": [
            "Besoin d'information sur l'aide médicale urgente et le rôle des mutualités.",
        ],
        "resource": [
            "Une maison médicale et un service d'interprétariat social sont actifs dans la région.",
        ],
        "objectives": [
            "Faciliter l'accès aux soins de santé et à l'aide médicale",
            "Prendre en compte la santé mentale des personnes exilées",
        ],
        "recommendations": [
            "Financer l'interprétariat social dans les services de santé de première ligne.",
            "Informer chaque nouvel arrivant sur l'aide médicale urgente.",
        ],
        "indicator": ("Personnes orientées vers un service de santé", "personnes", 10, 80),
    },
    4: {
        "theme": "sante",
        "purpose": "permettre à chacun d'accéder à une alimentation saine, suffisante et choisie",
        "actions": [
            "Potager collectif interculturel",
            "Ateliers cuisine du monde et alimentation saine",
            "Accès des personnes étrangères à l'épicerie solidaire",
            "Information sur l'aide alimentaire",
        ],
        "obstacle": [
            "Les personnes en demande de protection internationale connaissent mal les "
            "dispositifs d'aide alimentaire.",
        ],
        "need": [
            "Besoin de lieux où cuisiner et partager des repas avec d'autres habitants.",
        ],
        "resource": [
            "Un potager communautaire et une épicerie solidaire cherchent de nouveaux bénévoles.",
        ],
        "objectives": [
            "Garantir l'accès à une alimentation saine et suffisante",
            "Faire de l'alimentation une occasion de rencontre",
        ],
        "recommendations": [
            "Ouvrir les épiceries sociales aux personnes orientées par un service social, quel "
            "que soit leur statut de séjour.",
            "Soutenir les potagers collectifs de quartier.",
        ],
        "indicator": ("Colis ou repas distribués", "colis", 100, 800),
    },
    5: {
        "theme": "interculturalite",
        "purpose": "renforcer les liens sociaux, culturels et familiaux entre habitants de toutes "
        "origines",
        "actions": [
            "Soutien à la parentalité en contexte d'exil",
            "Fête interculturelle de quartier",
            "École de devoirs et soutien scolaire",
            "Rencontres interculturelles entre habitants",
            "Accès aux activités sportives et culturelles",
        ],
        "obstacle": [
            "Les familles arrivées récemment restent isolées et connaissent peu l'offre "
            "culturelle et sportive.",
        ],
        "need": [
            "Besoin de soutien scolaire pour les enfants primo-arrivants.",
        ],
        "resource": [
            "Des associations de quartier organisent déjà des fêtes et des activités ouvertes à "
            "tous.",
        ],
        "objectives": [
            "Renforcer les liens sociaux, culturels et familiaux",
            "Soutenir la scolarité des enfants primo-arrivants",
        ],
        "recommendations": [
            "Soutenir les écoles de devoirs qui accueillent des enfants primo-arrivants.",
            "Rendre les activités culturelles et sportives accessibles par un tarif social.",
        ],
        "indicator": ("Familles participantes", "familles", 10, 60),
    },
    6: {
        "theme": "citoyennete",
        "purpose": "soutenir la participation citoyenne et l'accès au numérique des personnes "
        "étrangères",
        "actions": [
            "Ateliers numériques : démarches administratives en ligne",
            "Formation à la citoyenneté et aux institutions belges",
            "Sensibilisation au droit de vote des résidents étrangers",
            "Espace public numérique ouvert aux primo-arrivants",
            "Conseil consultatif des résidents étrangers",
        ],
        "obstacle": [
            "La dématérialisation des services publics exclut les personnes qui maîtrisent mal le "
            "numérique ou le français.",
        ],
        "need": [
            "Besoin d'information sur le droit de vote des résidents étrangers aux élections "
            "communales.",
        ],
        "resource": [
            "Les espaces publics numériques de la commune disposent de matériel et d'animateurs.",
        ],
        "objectives": [
            "Soutenir la participation citoyenne et démocratique",
            "Réduire la fracture numérique",
        ],
        "recommendations": [
            "Garder un accueil au guichet dans chaque service public communal.",
            "Mener une campagne d'inscription des résidents étrangers sur les listes électorales.",
        ],
        "indicator": ("Personnes aidées dans une démarche en ligne", "personnes", 20, 150),
    },
    7: {
        "theme": "mobilite",
        "purpose": "améliorer la mobilité des personnes primo-arrivantes, condition d'accès à "
        "l'emploi et aux services",
        "actions": [
            "Préparation au permis de conduire théorique",
            "Apprentissage du vélo pour adultes",
            "Découverte des transports en commun",
            "Information sur l'échange du permis de conduire étranger",
        ],
        "obstacle": [
            "Dans les communes rurales, le manque de transports en commun limite l'accès à "
            "l'emploi et aux services.",
        ],
        "need": [
            "Besoin de préparer l'examen théorique du permis de conduire en français simplifié.",
        ],
        "resource": [
            "Une centrale de mobilité locale propose des trajets à tarif réduit.",
        ],
        "objectives": [
            "Améliorer la mobilité des personnes primo-arrivantes",
            "Faire connaître l'offre de transport existante",
        ],
        "recommendations": [
            "Étendre les horaires des transports en commun vers les villages.",
            "Proposer des cours théoriques de conduite en français simplifié.",
        ],
        "indicator": ("Permis théoriques obtenus", "personnes", 5, 30),
    },
}

LEVEL_UNITS = ["%", "partenaires"]
HOW = [
    "Une permanence hebdomadaire accueille les personnes sans rendez-vous.",
    "Un cycle de six ateliers est proposé deux fois par an.",
    "Des séances collectives sont suivies d'un accompagnement individuel.",
    "Les activités ont lieu dans les locaux des partenaires, au plus près des quartiers.",
    "Des personnes relais issues des communautés font le lien avec les participants.",
]
GENERIC_INDICATORS = [
    ("Nombre de séances organisées", Indicator.Kind.OUTPUT, "séances", 6, 40),
    ("Nombre de participants", Indicator.Kind.OUTPUT, "participants", 20, 150),
    ("Nombre de partenaires mobilisés", Indicator.Kind.OUTPUT, "partenaires", 3, 10),
    ("Part des participants satisfaits", Indicator.Kind.RESULT, "%", 70, 90),
]
NOTES = {
    Status.PLANNED: ["Fiche action validée par le comité de pilotage ; démarrage en préparation."],
    Status.IN_PROGRESS: [
        "{n} personnes accueillies depuis le dernier point.",
        "{n} participants aux séances du trimestre ; la liste d'attente s'allonge.",
        "Réunion avec les partenaires pour ajuster le calendrier et les horaires.",
        "Les personnes isolées restent difficiles à toucher : les relais associatifs sont "
        "renforcés.",
        "Nouvelle convention de partenariat signée ; les séances reprennent après l'été.",
        "Bilan intermédiaire présenté au groupe de travail : {n} personnes touchées.",
        "Supports d'information traduits en arabe, en dari et en tigrinya.",
    ],
    Status.DONE: [
        "Action terminée : bilan présenté à l'assemblée plénière ({n} personnes touchées).",
        "Objectifs atteints ; le partenaire reprend l'activité dans son offre régulière.",
    ],
    Status.POSTPONED: [
        "Action reportée : le local prévu n'est plus disponible.",
        "Report faute de financement ; reprise envisagée l'an prochain.",
        "Report : la personne de référence a quitté le partenaire porteur.",
    ],
    Status.ABANDONED: [
        "Action abandonnée : le besoin est désormais couvert par un autre service.",
        "Action abandonnée faute de participants malgré plusieurs relances.",
    ],
}
INTERNAL_NOTES = [
    "Fiche à valider par le comité de pilotage avant publication.",
    "En attente de l'accord du partenaire porteur pour diffuser la fiche.",
    "Budget à confirmer : ne pas publier avant la décision du collège.",
]
ORGANISATION_NAMES = [  # {de} is "de Sambreville" or "d'Andenne"
    (Organisation.Kind.HOST_ASSOCIATION, "Maison de quartier fictive {de}"),
    (Organisation.Kind.HOST_ASSOCIATION, "Association fictive « Vivre ensemble » {de}"),
    (Organisation.Kind.HOST_ASSOCIATION, "Maison médicale fictive {de}"),
    (Organisation.Kind.HOST_ASSOCIATION, "École de devoirs fictive {de}"),
    (Organisation.Kind.HOST_ASSOCIATION, "Épicerie sociale fictive {de}"),
    (
        Organisation.Kind.IMMIGRANT_ASSOCIATION,
        "Association fictive des femmes d'ici et d'ailleurs {de}",
    ),
    (
        Organisation.Kind.IMMIGRANT_ASSOCIATION,
        "Association fictive des communautés africaines {de}",
    ),
    (Organisation.Kind.IMMIGRANT_ASSOCIATION, "Association culturelle fictive syro-belge {de}"),
    (Organisation.Kind.ILI, "Initiative locale d'intégration fictive {de}"),
    (Organisation.Kind.COMMUNE, "Service de cohésion sociale fictif {de}"),
    (Organisation.Kind.CPAS, "CPAS fictif {de}"),
    (Organisation.Kind.EDUCATION, "Centre de formation fictif {de}"),
    (Organisation.Kind.EDUCATION, "École de promotion sociale fictive {de}"),
    (Organisation.Kind.FEDASIL_CENTRE, "Centre d'accueil fictif pour demandeurs d'asile {de}"),
    (Organisation.Kind.HEALTH_PROMOTION, "Centre de promotion de la santé fictif {de}"),
    (Organisation.Kind.OTHER, "Agence immobilière sociale fictive {de}"),
    (Organisation.Kind.OTHER, "Bibliothèque fictive {de}"),
]
FUNDERS = [
    Organisation.Kind.COMMUNE,
    Organisation.Kind.CPAS,
    Organisation.Kind.PROVINCE,
    Organisation.Kind.REGION,
]
SHOWCASE_LEADS = [
    Organisation.Kind.HOST_ASSOCIATION,
    Organisation.Kind.ILI,
    Organisation.Kind.CPAS,
]
WITH_PARTNERS = ["", ", avec un partenaire", ", avec deux partenaires", ", avec trois partenaires"]
PLAN_TITLES = {
    Plan.Kind.PLI: "Plan local d'intégration",
    Plan.Kind.PLIC: "Plan local d'intégration et de cohabitation",
    Plan.Kind.PPLI_2: "Plan provincial et local d'intégration",
}
PLAN_SHORT_NAMES = {Plan.Kind.PLI: "PLI", Plan.Kind.PLIC: "PLIC", Plan.Kind.PPLI_2: "PPLI 2.0"}
ADOPTERS = {
    Plan.AdoptionBody.COMMUNAL_COUNCIL: "le conseil communal",
    Plan.AdoptionBody.CAI_BOARD: "le conseil d'administration du CAI",
}
STEERING_KINDS = [
    Organisation.Kind.ILI,
    Organisation.Kind.HEALTH_PROMOTION,
    Organisation.Kind.COMMUNE,
    Organisation.Kind.CPAS,
]
# Dated steps in the life of each plan, for its timeline: title ({plan} is "du PLI de
# Sambreville"), narrative, then the slugs of the reference taxonomy it is filed under —
# audiences ("essentiel pour"), intervention axes and themes.
MILESTONES = {
    "diagnostic": (
        "Restitution du diagnostic participatif {plan}",
        "Les constats du diagnostic fictif sont présentés aux personnes rencontrées, aux "
        "associations et aux services publics qui y ont pris part.",
        ["beneficiaires", "partenaires-et-reseau"],
        ["recherche", "travail-en-reseau"],
        ["integration"],
    ),
    "adoption": (
        "Adoption {plan} par {adopter}",
        "Le plan fictif est adopté : ses objectifs répondent aux constats du diagnostic, axe "
        "par axe.",
        ["pouvoirs-publics", "partenaires-et-reseau", "grand-public"],
        ["interpellation"],
        ["integration", "citoyennete"],
    ),
    "midterm": (
        "Évaluation à mi-parcours {plan}",
        "Les partenaires font le point sur les actions menées depuis {first_year} et ajustent "
        "les objectifs pour la fin du plan.",
        ["membres-de-lequipe", "partenaires-et-reseau"],
        ["recherche", "travail-en-reseau"],
        ["integration"],
    ),
    "report": (
        "Bilan {year} {plan} présenté à l'assemblée plénière",
        "L'assemblée plénière fictive prend connaissance des actions réalisées, en cours et "
        "prévues, et valide les priorités de l'année suivante.",
        ["partenaires-et-reseau", "pouvoirs-publics", "beneficiaires"],
        ["communication", "travail-en-reseau"],
        ["integration"],
    ),
    "next_plan": (
        "Lancement du diagnostic du plan qui succédera au {short}",
        "Des rencontres avec les habitants et les associations préparent le plan suivant, à "
        "partir du bilan des actions.",
        ["beneficiaires", "partenaires-et-reseau", "membres-de-lequipe"],
        ["recherche", "in-formation-sensibilisation"],
        ["integration", "accueil"],
    ),
}
MEETING_TOPICS = [
    "Réunion de travail",
    "Échange de pratiques",
    "Préparation de l'assemblée plénière",
    "Bilan intermédiaire des actions",
    "Accueil de nouveaux partenaires",
]


def of(name):
    """French "de" before a place name, elided before a vowel: "d'Andenne", "de Namur"."""
    return f"d'{name}" if name[0] in "AEIOUYÉÈ" else f"de {name}"


def content_of(axis):
    return AXIS_CONTENT[(axis.number - 1) % len(AXIS_CONTENT) + 1]


def findings_of(axis):
    """The axis' findings as (kind, statement), alternating obstacle, need and resource."""
    by_kind = [[(kind, text) for text in content_of(axis)[kind]] for kind in Finding.Kind.values]
    return [finding for row in itertools.zip_longest(*by_kind) for finding in row if finding]
