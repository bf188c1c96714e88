"""What the reference data exchanges as spreadsheets: the partner organisations."""

from django.utils.translation import gettext_lazy as _

from cai.exchange import columns
from cai.exchange.resources import ExchangeResource

from .models import Commune, Organisation

# Column headers are the file format: the same in every language of the interface, so that
# a file exported by one coordinator imports for any other. Their meaning is translated.


class OrganisationResource(ExchangeResource):
    """Partner lists, one organisation a line, matched on its code."""

    code = columns.text(
        "code", "code", _("Code stable de l'organisation (par ex. cai, clps) : la clé de la ligne.")
    )
    name = columns.text("name", "nom", _("Nom de l'organisation."))
    acronym = columns.text("acronym", "sigle", _("Sigle, s'il y en a un."))
    kind = columns.choice("kind", "type", Organisation.Kind, _("Type d'organisation."))
    communes = columns.references(
        "communes",
        "communes",
        Commune,
        _("Codes INS des communes où l'organisation est active, séparés par des virgules."),
        field="nis_code",
        unknown=_("commune inconnue : %(value)s"),
    )
    website = columns.text("website", "site web", _("Adresse du site web (https://…)."))
    email = columns.text("email", "courriel", _("Adresse électronique générale, publique."))
    phone = columns.text("phone", "téléphone", _("Numéro de téléphone public."))
    address = columns.text("address", "adresse", _("Adresse postale publique."))
    contact_name = columns.text(
        "contact_name",
        "personne de contact",
        _("Usage interne uniquement, jamais affiché publiquement."),
    )
    is_active = columns.boolean(
        "is_active", "active", _("oui si l'organisation est active (vide : oui)."), default=True
    )

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "acronym",
            "kind",
            "communes",
            "website",
            "email",
            "phone",
            "address",
            "contact_name",
            "is_active",
        ]
        import_id_fields = ["code"]
        name = _("Organisations")
