"""What the lessons need besides the maths: strings in two languages, plots,
widgets, self-checking exercises and the bundled Korean font.

Import the parts you need (``from nnlib.course import plots, widgets``);
importing this package alone loads neither matplotlib nor ipywidgets.
"""
