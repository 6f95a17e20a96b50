import sys

from pilotdesk.cli import main

sys.exit(main())
