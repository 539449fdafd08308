"""The nnlib-class course as a command: ``nnlib-class lab`` opens the lessons in JupyterLab.

``nnlib_class.copies`` keeps the student's own copies of the lessons (copy, list, reset,
trust); ``nnlib_class.cli`` is the command line and starts JupyterLab. The library the
lessons import is ``nnlib``; the built lessons travel with this package
(``nnlib_class/notebooks`` in the wheel, the repository's ``notebooks/`` in a clone).
"""
