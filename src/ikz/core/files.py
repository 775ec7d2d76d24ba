"""Files in and out of the cockpit.

Writing: a fault leaves nothing half-done: every file is written under a temporary name
in its own directory and renamed when complete, and a fault is told in words a user
understands. Uploads: limited in size and to a few document types, each opened by its
own reader, and refused when they are a program or a web page as well
(``UploadSizeValidator``, ``UploadTypeValidator``). Downloads: sent so that a
browser saves them and never runs them (``safe_download_headers``); CSV written so that
a spreadsheet calculates none of its cells (``german_csv``)."""

import codecs
import contextlib
import csv
import errno
import io
import lzma
import math
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
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
# How much of a text file is read to tell it from a binary one, and how much of any file
# is searched for web page markup: browsers sniff at most the first 1,445 bytes (WHATWG
# MIME Sniffing), old Internet Explorers the first 256 anywhere; 8 KB leave a margin.
TEXT_SAMPLE = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# How many bytes a decoder or an unpacked part is fed at a time.
CHUNK = 64 * 1024

# A file that is also a program: a system would run it whatever its name says.
EXECUTABLE_HEADERS = {
    b"MZ": "MZ",  # Windows (PE) and DOS
    b"\x7fELF": "ELF",  # Linux
    b"\xfe\xed\xfa\xce": "Mach-O",  # macOS, 32 and 64 bit, either byte order
    b"\xfe\xed\xfa\xcf": "Mach-O",
    b"\xce\xfa\xed\xfe": "Mach-O",
    b"\xcf\xfa\xed\xfe": "Mach-O",
    b"\xca\xfe\xba\xbe": "Mach-O",  # universal binary (and Java class files)
    b"#!": "#!",  # a script for a Unix shell or interpreter
}
# A file that is also a web page: a browser that sniffs its content would render it and
# run its script (downloads are sent as attachments, but not every client obeys). The
# tags that run script or load content, and those that make a browser call it HTML; a
# tag ends where HTML's tokenizer ends its name.
MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|frame|frameset|object|embed|applet"
    rb"|svg|math|meta|base|link|style|form|img|video|audio|xml-stylesheet)(?=[\s/>])",
    re.IGNORECASE,
)


class _Refused(Exception):
    """Why a content check refuses a file, beyond its content not being of its kind: a
    message with ``%(name)s`` for the file's name, and its other params."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def _head(file, size: int) -> bytes:
    file.seek(0)
    return file.read(size)


def _chunks(file):
    file.seek(0)
    while chunk := file.read(CHUNK):
        yield chunk


def _executable_header(file) -> str | None:
    """The kind of program ``file`` begins like, if any."""
    head = _head(file, max(map(len, EXECUTABLE_HEADERS)))
    for signature, kind in EXECUTABLE_HEADERS.items():
        if head.startswith(signature):
            return kind
    return None


def _markup(file) -> str | None:
    """The first web page tag in the first TEXT_SAMPLE bytes, if any; UTF-16 text is
    searched as the characters it encodes."""
    head = _head(file, TEXT_SAMPLE)
    samples = [head]
    if head.startswith(UTF16_BOMS):
        samples.append(head.decode("utf-16", errors="ignore").encode("utf-8"))
    for sample in samples:
        if found := MARKUP.search(sample):
            return found.group().decode("ascii").lower()
    return None


def _is_image(format_name: str):
    """An image that Pillow decodes whole as ``format_name``: a damaged or truncated one
    fails. One of more pixels than Pillow decodes without warning is refused before it is
    decoded: a small file can declare a huge image (a decompression bomb)."""

    def check(file) -> bool:
        from PIL import Image  # noqa: PLC0415 heavy library: Pillow

        file.seek(0)
        try:
            with Image.open(file, formats=[format_name]) as image:
                if image.width * image.height > Image.MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError(image.size)
                image.load()
        except Image.DecompressionBombError:
            raise _Refused(
                _(
                    "The image “%(name)s” has more than %(limit)s million pixels; larger "
                    "images cannot be uploaded."
                ),
                limit=number_format(Image.MAX_IMAGE_PIXELS // 10**6),
            ) from None
        # Decoders of hostile input fail in many ways (OSError for a truncated file,
        # SyntaxError, ValueError ...); each means "not an image of this kind".
        except Exception:
            return False
        return True

    return check


def _is_pdf(file) -> bool:
    """A PDF that pypdf opens: its header (readers accept it anywhere in the first KB;
    writers put it first), cross-reference table, trailer and page tree. A truncated or
    damaged file fails."""
    from pypdf import PdfReader  # noqa: PLC0415 heavy library: pypdf
    from pypdf.errors import FileNotDecryptedError  # noqa: PLC0415 heavy library: pypdf

    if b"%PDF-" not in _head(file, 1024):
        return False
    file.seek(0)
    try:
        reader = PdfReader(file)
        try:
            return len(reader.pages) > 0
        except FileNotDecryptedError:
            # Behind a password, the page tree cannot be read; the file opened as far as
            # its encryption, and whose it is to lock it is the uploader's business.
            return True
    # pypdf's own errors, and whatever else a parser of hostile input meets (recursion,
    # wrong types, missing keys): each means "not a readable PDF".
    except Exception:
        return False


def _decodes(file, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in _chunks(file):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_text(file) -> bool:
    """Plain text and CSV as offices write them: UTF-16 (Excel's "Unicode text") with its
    byte order mark, or else UTF-8 or Windows-1252 without a NUL byte, decoded whole."""
    if _head(file, 2).startswith(UTF16_BOMS):
        return _decodes(file, "utf-16")
    if any(b"\x00" in chunk for chunk in _chunks(file)):
        return False
    return _decodes(file, "utf-8") or _decodes(file, "cp1252")


# What a damaged, foreign or encrypted ZIP raises while its directory or a member is
# read (a missing member is a KeyError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    lzma.LZMAError,
)
# Zip bombs, told by the ZIP's directory before anything is unpacked (the report import,
# ikz.reports.readers, asks the same ratio): a part of more than 1 MB packed more tightly than 100:1,
# and more than 100 times the file's size (at least 10 MB) in all. Office files pack
# their XML about 10:1 and their images not at all.
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM_BYTES = 1 * MB
ZIP_MIN_UNPACKED_LIMIT = 10 * MB


def _check_zip_directory(archive: zipfile.ZipFile, size: int) -> None:
    infos = archive.infolist()
    for info in infos:
        if (
            info.file_size > ZIP_RATIO_FROM_BYTES
            and info.file_size > ZIP_MAX_RATIO * info.compress_size
        ):
            raise _Refused(
                _(
                    "The part “%(part)s” of the file “%(name)s” is packed more tightly than "
                    "%(ratio)s to 1, as no document is; the file is refused as a possible "
                    "zip bomb."
                ),
                part=info.filename,
                ratio=ZIP_MAX_RATIO,
            )
    total = sum(info.file_size for info in infos)
    if total > max(ZIP_MAX_RATIO * size, ZIP_MIN_UNPACKED_LIMIT):
        raise _Refused(
            _(
                "The file “%(name)s” unpacks to %(size)s MB, more than %(ratio)s times its "
                "own size, as no document does; it is refused as a possible zip bomb."
            ),
            size=number_format(math.ceil(total / MB)),
            ratio=ZIP_MAX_RATIO,
        )


def _start_of(archive: zipfile.ZipFile, part: str) -> bytes:
    """The first bytes of ``part``, unpacked: the part is there and unpacks. Only a
    chunk, whatever the part's size, so that checking costs little; a part no larger is
    read to its end, where zipfile checks its CRC."""
    with archive.open(part) as member:
        return member.read(CHUNK)


def _begins_as_xml(start: bytes) -> bool:
    # After a byte order mark and blank lines, if any.
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _is_zip_package(parts: dict[str, Callable[[bytes], bool]]):
    """A ZIP that passes the zip bomb check and holds ``parts``, each unpacking to a
    start its check accepts. Only the start of those parts is unpacked."""

    def check(file) -> bool:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
        try:
            # Closing the ZipFile leaves the file open: it was handed in.
            with zipfile.ZipFile(file) as archive:
                _check_zip_directory(archive, size)
                starts = {part: _start_of(archive, part) for part in parts}
        except ZIP_ERRORS:
            return False
        return all(accepts(starts[part]) for part, accepts in parts.items())

    return check


def _is_office_open_xml(main_part: str):
    """Word, Excel, PowerPoint since 2007: a ZIP with the content types and the main
    part of its kind, both XML."""
    return _is_zip_package({"[Content_Types].xml": _begins_as_xml, main_part: _begins_as_xml})


def _is_open_document(mimetype: str):
    """LibreOffice and other OpenDocument files: a ZIP whose member ``mimetype`` names
    the kind, and its content in XML."""
    named = mimetype.encode("ascii")
    return _is_zip_package(
        {"mimetype": lambda start: start.strip() == named, "content.xml": _begins_as_xml}
    )


_JPEG = _is_image("JPEG")
_OPEN_DOCUMENT = "application/vnd.oasis.opendocument."

# Every extension a document may have, with the check that its content is of that kind:
# opened by its own reader (pypdf, Pillow, zipfile, a text decoder).
DOCUMENT_TYPES = {
    "pdf": _is_pdf,
    "docx": _is_office_open_xml("word/document.xml"),
    "xlsx": _is_office_open_xml("xl/workbook.xml"),
    "pptx": _is_office_open_xml("ppt/presentation.xml"),
    "odt": _is_open_document(_OPEN_DOCUMENT + "text"),
    "ods": _is_open_document(_OPEN_DOCUMENT + "spreadsheet"),
    "odp": _is_open_document(_OPEN_DOCUMENT + "presentation"),
    "txt": _is_text,
    "csv": _is_text,
    "png": _is_image("PNG"),
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
        name = Path(value.name).name
        position = file.tell()
        try:
            self._check_content(file, name, extension)
        finally:
            file.seek(position)

    @staticmethod
    def _check_content(file, name: str, extension: str) -> None:
        # First what else the file would be taken for, so that a program or web page
        # that also passes for a document is named as what it is.
        if header := _executable_header(file):
            raise ValidationError(
                _("The file “%(name)s” begins like a program (%(header)s) and cannot be uploaded."),
                code="file_content",
                params={"name": name, "header": header},
            )
        if markup := _markup(file):
            raise ValidationError(
                _(
                    "The file “%(name)s” contains web page code (%(markup)s) that a browser "
                    "could run; it cannot be uploaded."
                ),
                code="file_content",
                params={"name": name, "markup": markup},
            )
        try:
            matches = DOCUMENT_TYPES[extension](file)
        except _Refused as refusal:
            raise ValidationError(
                refusal.message, code="file_content", params={"name": name, **refusal.params}
            ) from None
        if not matches:
            raise ValidationError(
                _(
                    "The file “%(name)s” cannot be read as a “.%(extension)s” file; it may be "
                    "damaged, incomplete or renamed."
                ),
                code="file_content",
                params={"name": name, "extension": extension},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTypeValidator)

    def __hash__(self) -> int:
        return hash(type(self))


# CSV ---------------------------------------------------------------------------------

# A cell a spreadsheet would take for a formula (OWASP, "CSV Injection"): one that
# starts with = + - @, also after blanks, or with a tab or carriage return. A user's
# text such as =HYPERLINK(...) would run in the reader's Excel; the single quote before
# it makes it text, shown as written.
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
# A cell that is nothing but a number (-1.234,56, -0.5, +3) stays as it is: a
# spreadsheet should read the amounts the product writes as numbers, and with only a
# sign, digits and separators no formula can be written. Anything more is quoted
# (-1+1, -A1, -2 345).
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def spreadsheet_cell(value) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as text and never calculates."""
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS) or (
        text.lstrip().startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def german_csv(rows: Iterable[Iterable]) -> str:
    """``rows`` as CSV for a German Excel: ";" between cells, a byte order mark so that
    it reads UTF-8, every cell through ``spreadsheet_cell``. The one way the product
    writes CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


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
