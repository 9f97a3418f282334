"""`python -m qtkit [--update]`: build the apps' translation catalogues (see `qtkit.i18n`)."""

import sys

from qtkit.i18n import main

sys.exit(main())
