"""What an uploaded document may be: a known office, text or image format, of a bounded size.

The extension alone proves nothing (a page of HTML renamed `rapport.pdf`), so the first bytes
of a file must also be those of its format, where the format has such a signature. Text
files (csv, txt) have none: UTF-8, Windows-1252 and UTF-16 all start with anything.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

_ZIP = (b"PK\x03\x04",)  # OpenDocument and Office Open XML files are zip archives
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Office 97-2003 (doc, xls, ppt)
_JPEG = (b"\xff\xd8\xff",)

# The allowed extensions and how a file of each kind starts (None: no signature to check).
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "csv": None,
    "txt": None,
}
ALLOWED_EXTENSIONS = sorted(SIGNATURES)


def validate_document(file):
    """Refuse a new upload of the wrong kind or too large, with a message for the coordinator.

    A file already in storage was checked when it came in: it is not read again at every
    save of its record (and a file older than these rules does not block editing the rest).
    """
    if getattr(file, "_committed", False):
        return
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _(
                "Les fichiers « .%(extension)s » ne sont pas acceptés. "
                "Formats acceptés : %(allowed)s."
            ),
            code="invalid_extension",
            params={"extension": extension, "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; un document peut peser %(limit)s au plus."),
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    signatures = SIGNATURES[extension]
    if signatures and not _first_bytes(file).startswith(signatures):
        raise ValidationError(
            _(
                "Ce fichier n'est pas un vrai fichier « .%(extension)s » : son contenu ne "
                "correspond pas à son extension. Enregistrez-le à nouveau dans ce format."
            ),
            code="content_mismatch",
            params={"extension": extension},
        )


def _first_bytes(file, count=8):
    file.seek(0)
    head = file.read(count)
    file.seek(0)
    return head
