"""File-system storage that leaves nothing half-written when the disk is full.

Django's FileSystemStorage writes an upload in chunks and, when a write fails (ENOSPC: no
space left; EDQUOT: over quota), leaves the part already written under the file's final
name. The transaction around the upload rolls its row back, but the partial file would
stay: taking the disk's last bytes and looking like a file. Here it is removed and the
error raised again, for the error page (core.unavailable) to say so in Spanish.
"""

import contextlib
import errno
import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage

NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, says the disk is full."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError) and error.errno in NO_SPACE:
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name, content):
        # Storage.save has just chosen `name` as free (get_available_name), and Rinde's names
        # are random (files.GeneratedPath): a file there after a failure is this write's.
        # Only if another writer took the name first is it left alone.
        path = self.path(name)
        taken_before = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError as error:
            if error.errno in NO_SPACE and not taken_before:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise
