"""Grading learners' submissions (SQL or CSV) against a challenge's answer key (issue 17)."""

from factory.grading.compare import Verdict, compare
from factory.grading.grade import Graded, grade_file, grade_folder, score_distribution, write_report
from factory.grading.key import GradingKey, KeyAnswer, load_key, open_key

__all__ = ["Graded", "GradingKey", "KeyAnswer", "Verdict", "compare", "grade_file", "grade_folder", "load_key",
           "open_key", "score_distribution", "write_report"]
