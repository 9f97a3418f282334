"""Translation catalogues of the Qt apps (`.ts` sources; `.qm` built by `python -m qtkit.i18n`)."""
