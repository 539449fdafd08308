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
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from nnlib.course.notebook_files import drop_widget_views


def run(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": folder}},
                                store_widget_state=False, record_timing=False)  # no timestamps: clean diffs
        client.execute()
    # The kernel may deliver one print in several chunks, depending on timing; joined,
    # the stored notebook is the same however busy the machine was.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    drop_widget_views(nb)
    nbformat.write(nb, path)
    print("ran", path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        run(name)
