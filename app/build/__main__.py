"""`python -m app.build`: verify the seed and build the database (the Dockerfile runs this)."""

import sys

from app.build.loader import main

sys.exit(main())
