"""Execute notebooks in place and store their outputs (what nbval compares).

Each notebook runs with a fresh kernel in an empty temporary folder: a
lesson names its language in its first code cell (``LANG = "ko"``), so it
must not depend on the folder it sits in. Widget state is not stored: it would
double the files' size and nbval does not compare it; for the same reason the
widget views are dropped from the outputs (their text form remains).
"""

import pathlib
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": folder}},
                                store_widget_state=False, record_timing=False)  # no timestamps: clean diffs
        client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            # The widget state is not stored, so a stored widget view could only
            # say "model not found"; its text form says to run the cell instead.
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, path)
    print("ran", path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        run(name)
