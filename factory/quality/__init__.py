"""Quality validation in eight categories (Great Expectations suites built from the spec) and preview checks."""

from factory.quality.models import CATEGORIES, CATEGORY_WEIGHTS, CheckResult, PreviewReport, QAResults
from factory.quality.preview import preview_checks
from factory.quality.validate import validate_dataset

__all__ = ["CATEGORIES", "CATEGORY_WEIGHTS", "CheckResult", "PreviewReport", "QAResults", "preview_checks", "validate_dataset"]
