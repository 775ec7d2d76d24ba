"""Writing files so that a fault leaves nothing half-done: every file is written under a
temporary name in its own directory and renamed when complete, and a fault is told in
words a user understands."""

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _


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
