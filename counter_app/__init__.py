"""BranchQ counter_app."""
