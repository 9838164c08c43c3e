"""Reading an HTML form's uploads in memory, each file held to the case limit.

Starlette's form parser keeps every uploaded file whole (in a spooled temporary file, which it writes to disk past
a size). Here a file part goes to a `_CappedBuffer` instead: it keeps at most `max_file_bytes + 1` bytes of the
part and only counts the rest, so that a 60 MB upload holds at most one case's worth of memory, and nothing ever
touches the disk. `read()` of a part over the limit gives an `OverLimit`: no bytes, and its full `size`, which
`documents.read.parse_json_bytes` reports as "file is N bytes, over the limit" like any other bad file.
"""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request


class OverLimit(bytes):
    """The bytes of an upload over the case limit: none of them kept, only how many there were."""

    size: int

    def __new__(cls, size: int):
        self = super().__new__(cls, b"")
        self.size = size
        return self


class _CappedBuffer:
    """A write-once, in-memory file for one uploaded part that stops keeping bytes past `limit`."""

    _rolled = False   # what starlette's UploadFile asks to decide that a file is in memory

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.data = bytearray()
        self.position = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size <= self.limit:
            self.data += data
        else:
            self.data = bytearray()   # over the limit: nothing more is kept, only counted
        return len(data)

    def tell(self) -> int:
        return self.size

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = offset
        return offset

    def read(self, size: int = -1) -> bytes:
        if self.size > self.limit:
            return OverLimit(self.size)
        if self.position == 0 and (size is None or size < 0):
            # the whole part at once (how the pages read it): handed over, not copied, so that an upload is
            # never held twice; what is read is gone, as at the end of a file
            whole, self.data = bytes(self.data), bytearray()
            self.position = len(whole)
            return whole
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = bytes(self.data[self.position:end])
        self.position += len(chunk)
        return chunk

    def close(self) -> None:
        self.data = bytearray()


class _CappedMultiPartParser(MultiPartParser):
    def __init__(self, *args, max_file_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_file_bytes = max_file_bytes

    def on_headers_finished(self) -> None:
        super().on_headers_finished()
        upload = self._current_part.file
        if upload is not None:
            self._files_to_close_on_error.pop()   # the spooled file made for it, never written to
            upload.file = _CappedBuffer(self.max_file_bytes)
            upload._max_mem_size = 0   # never "rolled": written to directly, on the event loop
            self._files_to_close_on_error.append(upload.file)


async def read_form(request: Request, *, max_file_bytes: int, max_files: int = 1000, max_fields: int = 1000,
                    max_part_size: int = 1024 * 1024) -> FormData:
    """The request's form, as `request.form()` would give it, but each uploaded file kept in memory and only up
    to `max_file_bytes` (past that, `read()` gives an `OverLimit`). A malformed form is a 400, as starlette's."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        return await request.form(max_files=max_files, max_fields=max_fields, max_part_size=max_part_size)
    parser = _CappedMultiPartParser(request.headers, request.stream(), max_files=max_files, max_fields=max_fields,
                                    max_part_size=max_part_size, max_file_bytes=max_file_bytes)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(status_code=400, detail=exc.message) from None


__all__ = ["OverLimit", "UploadFile", "read_form"]
