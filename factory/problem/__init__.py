"""Phase 1 helpers: readable summaries of a drafted problem."""
