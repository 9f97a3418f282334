"""The counter app (`branchq-counter`): the teller's workstation and the customer's rating screen.

`flows/` holds the state (QObjects, no widgets), `ui/` draws it; the server is reached only through `client/`.
"""
