"""BranchQ queue server: the single source of truth of a branch's queue."""
