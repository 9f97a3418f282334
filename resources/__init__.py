"""BranchQ resources."""
