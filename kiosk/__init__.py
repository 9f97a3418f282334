"""BranchQ kiosk."""
