"""What a stored lesson keeps of its widgets: their text form, never their views or state.

A widget view saved without its state reopens as "Error displaying widget: model not found",
and the state would double a file's size while the sliders cannot move without a kernel
anyway. So the lesson build, the JupyterLab that students save into and the website all drop
the views and the state; each widget cell keeps what else it shows (a "run this cell" line,
a still picture). The notebook open in the browser keeps its live widgets.
"""

WIDGET_MIME_TYPES = ("application/vnd.jupyter.widget-view+json",
                     "application/vnd.jupyter.widget-state+json")


def drop_widget_views(nb, note=None):
    """Remove widget views and widget state from notebook ``nb`` (a dict), in place.

    An output left with nothing to show is removed, or, if ``note`` is given, shows
    ``note`` as its text. Returns ``nb``.
    """
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if "outputs" not in cell:
            continue
        kept = []
        for output in cell["outputs"]:
            data = output.get("data")
            if data is not None:
                for mime in WIDGET_MIME_TYPES:
                    data.pop(mime, None)
                if not data and note is None:
                    continue
                if not data:
                    data["text/plain"] = note
            kept.append(output)
        cell["outputs"] = kept
    return nb


def pre_save_hook(model, **kwargs):
    """A Jupyter ``ContentsManager.pre_save_hook``: a notebook is saved without widget views."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        drop_widget_views(model["content"], note="(a widget: run this cell to show it)")
