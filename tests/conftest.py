import json
import pathlib

import pytest

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="session")
def reference():
    """The worked example's printed numbers, copied from the seed blog post."""
    return json.loads((HERE / "seed_reference.json").read_text(encoding="utf-8"))
