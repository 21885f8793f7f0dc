"""`python -m app.loader`: check the seed and build the database (see loader.py)."""

import sys

from app.loader.loader import main

sys.exit(main())
