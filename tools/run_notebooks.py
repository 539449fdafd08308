"""Execute notebooks in place and store their outputs (what nbval compares).

Each notebook runs in its own folder (so ``nnlib.course_language()`` sees
``ko`` or ``en``) with a fresh kernel. Widget state is not stored: it would
double the files' size and nbval does not compare it.
"""

import pathlib
import sys

import nbformat
from nbclient import NotebookClient


def run(path):
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False, record_timing=False)  # no timestamps: clean diffs
    client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print("ran", path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        run(name)
