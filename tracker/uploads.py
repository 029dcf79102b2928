"""Evidence files: which uploads are accepted, judged by their bytes as well as by their name."""

from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files (.doc, .xls)

# Extension -> the content kind its bytes must show.
EVIDENCE_KINDS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".gif": "gif",
    ".webp": "webp",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".doc": "ole2",
    ".xls": "ole2",
    ".csv": "csv",
}

EVIDENCE_ACCEPT = ",".join(EVIDENCE_KINDS)  # for <input type="file" accept="...">


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def _content_kind(data: bytes, expected: str) -> bool:
    """Whether the bytes are a file of the `expected` kind."""
    if expected == "ole2":
        # Our own check: filetype's .doc and .xls matchers look for one stream at a fixed offset, which holds
        # only where the program that saved the file happened to put that stream first.
        return data.startswith(OLE2_MAGIC)
    if expected == "csv":
        return _is_plain_text(data)
    return bool(filetype.get_type(ext=expected).match(data))


def _is_plain_text(data: bytes) -> bool:
    """Text in UTF-8 or GB18030 (what Excel saves in Chinese Windows), and not HTML or script in disguise."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not text.lstrip().startswith("<")
    return False


def validate_evidence_file(upload) -> None:
    """Raise ValidationError unless the upload is an accepted kind, named as what it is, and small enough."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; evidence files can be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(EVIDENCE_MAX_BYTES)},
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    expected = EVIDENCE_KINDS.get(suffix)
    if expected is None:
        raise ValidationError(
            _("Upload a PDF, an image (PNG, JPEG, GIF, WebP), a Word or Excel file, or a CSV file."),
            code="bad_extension",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if not _content_kind(_read_all(upload), expected):
        raise ValidationError(
            _("The file’s content is not what its name says (%(suffix)s)."),
            code="content_mismatch",
            params={"suffix": suffix},
        )
