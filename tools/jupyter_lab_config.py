"""JupyterLab server configuration for `make lab` (loaded with --config by tools/lab.py).

Saving a lesson stores no widget state (it would make the files large and the
sliders could not move without the kernel anyway). A widget view saved
without its state reopens as "Error displaying widget: model not found", so
the views are dropped from what is written to disk; each widget cell keeps its
text form ("run this cell to see the slider") and its still picture, if any.
The notebook open in the browser keeps its live widgets.
"""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(model, **kwargs):
    """pre_save_hook: remove widget views (and any widget state) from a notebook being saved."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:  # a bare view with no text form: say what it was
                    data["text/plain"] = "(a widget: run this cell to show it)"


c = get_config()  # noqa: F821  (traitlets config file)
c.ContentsManager.pre_save_hook = drop_widget_views
