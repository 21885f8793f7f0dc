"""`python -m app.build`: check the seed and build the database (see loader.py)."""

import sys

from app.build.loader import main

sys.exit(main())
