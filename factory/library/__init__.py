"""The domain library as data: packs (YAML), shared parts, the gazetteer, matching and drafting from packs.

See docs/LIBRARY.md for the pack format.
"""

from __future__ import annotations

from factory.library.api import pack_challenge, pack_names
from factory.library.build import build, render_pack
from factory.library.check import PackReport, check_pack_file, check_pack_source
from factory.library.context import DraftOptions, resolve
from factory.library.model import Pack, pack_json_schema
from factory.library.packs_index import PackSource, get_pack, load_packs, read_pack
from factory.library.state import DraftState

__all__ = [
    "DraftOptions", "DraftState", "Pack", "PackReport", "PackSource", "build", "check_pack_file", "check_pack_source",
    "get_pack", "load_packs", "pack_challenge", "pack_json_schema", "pack_names", "read_pack", "render_pack", "resolve",
]
