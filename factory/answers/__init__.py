"""The verified answer key: story numbers and answer tables computed from the generated data."""

from factory.answers.basis import Basis, answer_basis, load_basis, load_clean
from factory.answers.compute import (
    Answer,
    AnswerSet,
    compute_answers,
    fill_story_numbers,
    json_safe,
    run_query,
    run_question,
    story_value,
    write_atomic,
)
from factory.answers.tables import LoadProblem, RunData, load_run, read_challenge

__all__ = [
    "Answer", "AnswerSet", "Basis", "LoadProblem", "RunData", "answer_basis", "compute_answers", "fill_story_numbers", "json_safe",
    "load_basis", "load_clean", "load_run", "read_challenge", "run_query", "run_question", "story_value", "write_atomic",
]
