"""The challenge spec: models, generators, validation and the published JSON Schema."""

from factory.spec.generators import GENERATOR_KINDS, Generator
from factory.spec.models import (
    DIFFICULTIES,
    KPI,
    Challenge,
    Character,
    Chart,
    Column,
    Difficulty,
    FeedbackNote,
    Insight,
    Messiness,
    Problem,
    Question,
    Relationship,
    Research,
    Rule,
    Schema,
    StoryNumber,
    Table,
    Window,
)
from factory.spec.validate import check_challenge, load_challenge, validate_challenge


def json_schema() -> dict:
    """The published JSON Schema of challenge.json."""
    return Challenge.model_json_schema(by_alias=True, mode="validation")


__all__ = [
    "DIFFICULTIES", "GENERATOR_KINDS", "KPI", "Challenge", "Character", "Chart", "Column", "Difficulty",
    "FeedbackNote", "Generator", "Insight", "Messiness", "Problem", "Question", "Relationship", "Research",
    "Rule", "Schema", "StoryNumber", "Table", "Window", "check_challenge", "json_schema", "load_challenge",
    "validate_challenge",
]
