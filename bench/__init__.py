"""BranchQ bench."""
