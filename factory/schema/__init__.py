"""Phase 2 helpers: schema coverage of the questions, SQL references."""
