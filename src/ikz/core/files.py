"""Files in and out of the cockpit.

Writing: a fault leaves nothing half-done: every file is written under a temporary name
in its own directory and renamed when complete, and a fault is told in words a user
understands. Uploads: limited in size and to a few document types whose content is
checked (``UploadSizeValidator``, ``UploadTypeValidator``). Downloads: sent so that a
browser saves them and never runs them (``safe_download_headers``)."""

import contextlib
import errno
import math
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ikz.config import DEFAULT_UPLOAD_MAX_MB


def describe_os_error(error: OSError) -> str:
    """What went wrong with a file, for the user: the common causes in their words."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("there is no space left on the disk")
    if error.errno == errno.EROFS:
        return _("the directory is read-only")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("there is no permission to write there")
    return error.strerror or str(error)


def write_chunks(descriptor: int, chunks: Iterable[bytes]) -> None:
    """All of every chunk, through os.write: a short write is continued, a full disk
    raises OSError."""
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(descriptor, view) :]


def write_atomically(path: Path, chunks: Iterable[bytes], *, replace: bool = True) -> None:
    """Write ``path`` under a temporary name in its directory, then rename it: readers
    see the old file or the whole new one, never a part; on any fault the temporary file
    is removed. Without ``replace``, an existing ``path`` raises FileExistsError."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        try:
            write_chunks(descriptor, chunks)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # refuses an existing name, unlike rename
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class AtomicFileSystemStorage(FileSystemStorage):
    """The media storage: Django's, but every file is written atomically."""

    def _save(self, name, content):
        while True:
            full_path = Path(self.path(name))
            full_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_atomically(full_path, content.chunks(), replace=False)
            except FileExistsError:
                # Another writer took the name meanwhile: choose the next free one.
                name = self.get_available_name(name)
                continue
            if self.file_permissions_mode is not None:
                os.chmod(full_path, self.file_permissions_mode)
            return str(name).replace("\\", "/")


# Uploads ---------------------------------------------------------------------------

MB = 1024 * 1024
# How much of a text file is read to tell it from a binary one.
TEXT_SAMPLE = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _head(file, size: int) -> bytes:
    file.seek(0)
    return file.read(size)


def _starts_with(*signatures: bytes):
    def check(file) -> bool:
        head = _head(file, max(map(len, signatures)))
        return any(head.startswith(signature) for signature in signatures)

    return check


def _is_pdf(file) -> bool:
    # Readers accept the header anywhere in the first KB; writers put it first.
    return b"%PDF-" in _head(file, 1024)


def _is_text(file) -> bool:
    # Plain text and CSV in any 8-bit encoding (UTF-8, Windows-1252) have no NUL byte;
    # UTF-16 (Excel's "Unicode text") has them, and starts with its byte order mark.
    head = _head(file, TEXT_SAMPLE)
    return head.startswith(UTF16_BOMS) or b"\x00" not in head


# What a damaged or foreign ZIP raises while its directory or a member is read.
ZIP_ERRORS = (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError)


def _is_office_open_xml(folder: str):
    """Word, Excel, PowerPoint since 2007: a ZIP with the content types and the main
    part's folder. Only the ZIP's directory is read, nothing is unpacked."""

    def check(file) -> bool:
        file.seek(0)
        try:
            # Closing the ZipFile leaves the file open: it was handed in.
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except ZIP_ERRORS:
            return False
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _is_open_document(mimetype: str):
    """LibreOffice and other OpenDocument files: a ZIP whose member ``mimetype`` names
    the kind; only those few bytes are unpacked."""

    def check(file) -> bool:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive, archive.open("mimetype") as member:
                named = member.read(len(mimetype) + 1)
        except ZIP_ERRORS:
            return False
        return named.strip() == mimetype.encode("ascii")

    return check


_JPEG = _starts_with(b"\xff\xd8\xff")
_OPEN_DOCUMENT = "application/vnd.oasis.opendocument."

# Every extension a document may have, with the cheap check that its content is of
# that kind (the first bytes, or a ZIP's directory).
DOCUMENT_TYPES = {
    "pdf": _is_pdf,
    "docx": _is_office_open_xml("word/"),
    "xlsx": _is_office_open_xml("xl/"),
    "pptx": _is_office_open_xml("ppt/"),
    "odt": _is_open_document(_OPEN_DOCUMENT + "text"),
    "ods": _is_open_document(_OPEN_DOCUMENT + "spreadsheet"),
    "odp": _is_open_document(_OPEN_DOCUMENT + "presentation"),
    "txt": _is_text,
    "csv": _is_text,
    "png": _starts_with(b"\x89PNG\r\n\x1a\n"),
    "jpg": _JPEG,
    "jpeg": _JPEG,
}


def extension_of(name: str) -> str:
    return Path(name or "").suffix.lower().lstrip(".")


def _is_new_upload(value) -> bool:
    """Whether ``value`` is a file being uploaded, not one stored before: the rules are
    for uploads, and a stored document keeps its file when only its title changes."""
    return not getattr(value, "_committed", False)


def upload_max_mb() -> int:
    return getattr(settings, "IKZ_UPLOAD_MAX_MB", DEFAULT_UPLOAD_MAX_MB)


@deconstructible
class UploadSizeValidator:
    """At most ``settings.IKZ_UPLOAD_MAX_MB`` (from IKZ_UPLOAD_MAX_MB), read when a file
    is checked, so that changing the limit needs no migration."""

    code = "file_too_large"

    def __call__(self, value) -> None:
        if not _is_new_upload(value):
            return
        limit = upload_max_mb()
        if value.size > limit * MB:
            # Rounded up: a file just over 20 MB must not read as "20.0 MB".
            size = math.ceil(value.size * 10 / MB) / 10
            raise ValidationError(
                _("The file is too large (%(size)s MB): at most %(limit)d MB can be uploaded."),
                code=self.code,
                params={"size": number_format(size, 1), "limit": limit},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadSizeValidator)

    def __hash__(self) -> int:
        return hash(type(self))


@deconstructible
class UploadTypeValidator:
    """Only the extensions of ``DOCUMENT_TYPES``, and only with a content of that kind
    (a renamed program or web page is refused)."""

    def __call__(self, value) -> None:
        if not _is_new_upload(value):
            return
        allowed = ", ".join(f".{extension}" for extension in DOCUMENT_TYPES)
        extension = extension_of(value.name)
        if not extension:
            raise ValidationError(
                _("The file name has no extension. Allowed are: %(allowed)s."),
                code="file_type",
                params={"allowed": allowed},
            )
        if extension not in DOCUMENT_TYPES:
            raise ValidationError(
                _("Files of type “.%(extension)s” cannot be uploaded. Allowed are: %(allowed)s."),
                code="file_type",
                params={"extension": extension, "allowed": allowed},
            )
        file = getattr(value, "file", value)
        position = file.tell()
        try:
            matches = DOCUMENT_TYPES[extension](file)
        finally:
            file.seek(position)
        if not matches:
            raise ValidationError(
                _(
                    "The content of the file does not match its extension “.%(extension)s”; "
                    "it may be damaged or renamed."
                ),
                code="file_content",
                params={"extension": extension},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTypeValidator)

    def __hash__(self) -> int:
        return hash(type(self))


# Downloads -------------------------------------------------------------------------

# A file opened in the browser runs nothing, loads nothing and has no origin.
DOWNLOAD_POLICY = "default-src 'none'; sandbox"
# The same for a standalone HTML document (the HTML report): its own CSS and data:
# images show, still no script.
DOWNLOAD_POLICY_WITH_STYLES = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
)
# What may stand in a quoted filename as it is: printable ASCII without quote and
# backslash (which old browsers unescape differently), and without path separators.
PLAIN_FILENAME = re.compile(r'[^\x20-\x7e]|["\\/]')
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def ascii_filename(filename: str) -> str:
    """The name for browsers that read only ``filename``: umlauts spelt out, accents
    dropped, anything else not plain ASCII as ``_``."""
    spelt = unicodedata.normalize("NFKD", filename.translate(UMLAUTS))
    spelt = "".join(char for char in spelt if not unicodedata.combining(char))
    return PLAIN_FILENAME.sub("_", spelt)


def content_disposition(filename: str) -> str:
    """``attachment`` with the name as RFC 6266 asks: a plain ASCII ``filename`` for
    every browser, and ``filename*`` in UTF-8 when the name is not plain ASCII."""
    # Only the last part of a path; no control characters (they would end the header).
    name = re.split(r"[/\\]", filename)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name or "download"
    fallback = ascii_filename(name)
    header = f'attachment; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def safe_download_headers(response, filename: str, *, inline_styles: bool = False):
    """Make ``response`` a download of ``filename`` that a browser saves and never runs:
    ``Content-Disposition: attachment`` (RFC 6266, also for non-ASCII names), no type
    sniffing, and a policy under which the file, if opened in the browser anyway, runs
    no script and loads nothing. ``inline_styles`` lets a standalone HTML document keep
    its inline CSS and data: images. Returns the response."""
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        DOWNLOAD_POLICY_WITH_STYLES if inline_styles else DOWNLOAD_POLICY
    )
    return response
