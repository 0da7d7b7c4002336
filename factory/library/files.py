"""Where packs, parts and gazetteer files live, and reading YAML with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factory.errors import ConfigError

LIBRARY_ROOT = Path(__file__).parent
BUILTIN_PACKS = LIBRARY_ROOT / "packs"
ARCHETYPES = LIBRARY_ROOT / "archetypes"
PARTS = LIBRARY_ROOT / "parts"
GAZETTEER = LIBRARY_ROOT / "gazetteer"


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The parsed document and its node tree (for line numbers); a YAML syntax error names file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}:{where}: invalid YAML: {reason}") from exc
    return data, node


def line_of(node: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """1-based line of the value at `path` (keys and list indices) in a composed YAML tree, else None."""
    line = None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
        line = node.start_mark.line + 1
    return line


def pack_dirs(library_dir: Path | None = None) -> list[Path]:
    """Folders read for packs, later ones overriding earlier: archetypes, built-in packs, the user's folder."""
    if library_dir is None:
        from factory.settings import get_settings

        library_dir = get_settings().library_dir
    dirs = [ARCHETYPES, BUILTIN_PACKS]
    if library_dir is not None:
        if not Path(library_dir).is_dir():
            raise ConfigError(f"FACTORY_LIBRARY_DIR: {library_dir} is not a folder",
                              hint="create it or unset the setting")
        dirs.append(Path(library_dir))
    return dirs


def pack_files(library_dir: Path | None = None) -> list[Path]:
    """Every *.yaml pack file, in read order."""
    return [p for d in pack_dirs(library_dir) if d.is_dir() for p in sorted(d.glob("*.yaml"))]
