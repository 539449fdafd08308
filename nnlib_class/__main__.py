"""``python -m nnlib_class``: the same as the ``nnlib-class`` command."""

import sys

from nnlib_class.cli import main

sys.exit(main())
