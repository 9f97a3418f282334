"""BranchQ hardware."""
