"""JupyterLab server configuration for `make lab` (loaded with --config by tools/lab.py).

Saving a lesson stores no widget views or state (nnlib/course/notebook_files.py says why).
"""

from nnlib.course.notebook_files import pre_save_hook

c = get_config()  # noqa: F821  (traitlets config file)
c.ContentsManager.pre_save_hook = pre_save_hook
