"""Finding and reading pack files: built-in packs, archetype packs and the user's folder (FACTORY_LIBRARY_DIR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factory.errors import ConfigError
from factory.library.files import ARCHETYPES, pack_files, read_yaml


@dataclass(frozen=True)
class PackSource:
    """A pack file as parsed (not rendered): its name, where it is, its raw mapping and YAML node tree."""

    name: str
    path: Path
    raw: dict[str, Any]
    node: yaml.Node | None

    @property
    def generic(self) -> bool:
        """An archetype pack (composes any business of its archetype in the request's words)."""
        return bool(self.raw.get("generic")) or self.path.parent == ARCHETYPES

    @property
    def title(self) -> str:
        """The pack's title."""
        return str(self.raw.get("title", self.name))

    def words(self, key: str) -> list[str]:
        """A list-of-strings header field (aliases, keywords), empty when absent or malformed."""
        value = self.raw.get(key) or []
        return [str(v) for v in value] if isinstance(value, list) else []


def read_pack(path: Path) -> PackSource:
    """One pack file, parsed; a file that is not a mapping with a `pack` name is an error naming the file."""
    data, node = read_yaml(Path(path))
    if not isinstance(data, dict) or not isinstance(data.get("pack"), str):
        raise ConfigError(f"{path}: not a domain pack: the file must be a mapping with a 'pack' name",
                          hint="see docs/LIBRARY.md for the shape of a pack")
    return PackSource(name=data["pack"], path=Path(path), raw=data, node=node)


def load_packs(library_dir: Path | None = None) -> dict[str, PackSource]:
    """Every pack by name; a user pack with the name of a built-in one overrides it."""
    return {src.name: src for src in map(read_pack, pack_files(library_dir))}


def get_pack(name: str, library_dir: Path | None = None) -> PackSource:
    """The pack called `name` (error listing the known packs otherwise)."""
    packs = load_packs(library_dir)
    if name not in packs:
        raise ConfigError(f"library: no pack named '{name}'", hint=f"known packs: {', '.join(sorted(packs))}")
    return packs[name]
