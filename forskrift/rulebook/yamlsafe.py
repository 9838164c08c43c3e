"""Load YAML safely and keep the line of every value, so that errors can point at the rule file's line.

Only the safe loader's types are constructed (a `!!python/...` tag is an error), and anchors and aliases are
refused: rule files do not need them, and refusing them defuses alias bombs.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import stat

import yaml

from ..errors import RuleFileError

MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
# libyaml's parser when PyYAML has it (several times faster: `forskrift lint` runs on every save); the
# constructor is the safe one either way.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineMap(dict):
    """JSON-path tuple → 1-based line number."""

    def line_of(self, path) -> int | None:
        path = tuple(path)
        while path not in self and path:
            path = path[:-1]
        return self.get(path)


MAX_YAML_DEPTH = 50   # nesting of mappings and lists; rule files need about 8, and deeper would recurse


def _check_nodes(node, source: str, seen: set):
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            raise RuleFileError(f"YAML nested deeper than {MAX_YAML_DEPTH} levels", file=source,
                                line=current.start_mark.line + 1)
        if id(current) in seen:
            raise RuleFileError("YAML anchors and aliases are not allowed in rule files", file=source,
                                line=current.start_mark.line + 1)
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise RuleFileError(f"duplicate key {key.value!r}", file=source,
                                            line=key.start_mark.line + 1)
                    keys.add(key.value)
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)


def _lines(node, path, out: _LineMap):
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, path + (key.value,), out)
            out[path + (key.value,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _lines(value, path + (index,), out)


def _plain(value):
    """Dates become ISO strings, so that the data is pure JSON."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def load_yaml(text: str, source: str):
    """YAML text → (data, line map). Raises RuleFileError with the file and line."""
    if len(text.encode("utf-8", "replace")) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(f"rule file over {MAX_RULE_FILE_BYTES} bytes", file=source)
    try:
        # an anchor needs '&' and an alias '*': a file without either (most rule files) is not parsed twice
        for event in yaml.parse(text, Loader=_SafeLoader) if ("&" in text or "*" in text) else ():
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise RuleFileError("YAML anchors and aliases are not allowed in rule files", file=source,
                                    line=event.start_mark.line + 1)
    except yaml.YAMLError:
        pass  # reported with its line by the loader below
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, _LineMap()
        _check_nodes(node, source, set())
        data = loader.construct_document(node)
    except RuleFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in str(exc):
            tag = str(exc.problem).split("tag", 1)[-1].strip(" '")
            problem = f"tag {tag} is not allowed; rule files hold plain data"
        raise RuleFileError(f"YAML error: {problem}", file=source, line=line) from None
    except yaml.YAMLError as exc:
        raise RuleFileError(f"YAML error: {exc}", file=source) from None
    finally:
        loader.dispose()
    lines = _LineMap()
    _lines(node, (), lines)
    return _plain(data), lines


def read_rule_bytes(path) -> bytes:
    """The bytes of a rule file, refused before it is read whole when it is not a regular file (a folder, a
    pipe, a device such as /dev/zero, a symbolic-link loop) or over MAX_RULE_FILE_BYTES. The file is opened
    without blocking (a pipe with no writer would otherwise hang) and judged by what was opened, not by its
    name, so it cannot be swapped in between."""
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RuleFileError("a symbolic-link loop, not a rule file", file=source) from None
        raise RuleFileError(f"cannot read: {exc.strerror}", file=source) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RuleFileError("a folder, not a rule file", file=source)
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError("not a regular file (a device, pipe or socket); a rule file is a plain YAML file",
                                file=source)
        if info.st_size > MAX_RULE_FILE_BYTES:
            raise RuleFileError(f"rule file is {info.st_size} bytes, over the limit of {MAX_RULE_FILE_BYTES} "
                                "bytes", file=source)
        with os.fdopen(fd, "rb") as handle:
            fd = None
            data = handle.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleFileError(f"cannot read: {exc.strerror}", file=source) from None
    finally:
        if fd is not None:
            os.close(fd)
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(f"rule file over the limit of {MAX_RULE_FILE_BYTES} bytes", file=source)
    return data


def load_yaml_file(path) -> tuple[object, _LineMap]:
    raw = read_rule_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"not UTF-8 (byte {exc.start})", file=str(path)) from None
    return load_yaml(text, str(path))
