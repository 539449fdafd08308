"""The renderer behind the course's widgets: a figure drawn once, then redrawn fast.

A slider move must answer within a display frame or so, and matplotlib's
full ``canvas.draw()`` takes about 90 ms (tick labels are half of it). A
:class:`Frame` draws the figure once with the Agg renderer; after that it
redraws only what changed:

- every axes owns a band of pixel columns, drawn without the moving artists
  and cached per set of axis limits; a frame pastes the band drawn with the
  same limits before (drawing it now, alone, if there is none);
- the moving artists (the lines, markers and labels that follow a slider)
  are drawn over the bands; short plain texts are stamped straight from
  FreeType (:class:`TextStamp`), about 40 times faster than ``Text.draw``;
- artists that must stay above the moving ones (legends) are drawn once onto
  a transparent layer and blended over every frame.

:func:`png` is the one PNG encoder of the course's widgets: a palette PNG
(colours mapped by :class:`Palette`) for the line figures, an RGB PNG where
smooth colours must stay exact. Only public matplotlib API is used, so a new
matplotlib release either keeps the picture or fails the tests that compare
a frame with a full draw (``tests/test_widgets.py``, ``tests/test_playground.py``).
"""

import collections
import math
import struct
import zlib

import numpy as np
from matplotlib import colors, font_manager
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.text import Text


def png(pixels, palette=None, compress_level=1):
    """Encode an image as PNG (bytes), every row unfiltered.

    Choosing a filter per row is most of the time of a general encoder (Pillow);
    the course's flat figures compress as well without one.

    Parameters
    ----------
    pixels : ndarray of uint8, shape (H, W, 3 or 4) or (H, W)
        RGB(A) pixels (alpha is dropped), or, with ``palette``, palette indices.
    palette : ndarray of uint8, shape (K, 3), K <= 256, optional
        The colours the indices refer to.
    compress_level : int, 0 to 9
        zlib's level: 1 for a frame sent now, 9 for a picture stored in a notebook.
    """
    shape, ndim = ("(H, W, 3 or 4)", 3) if palette is None else ("(H, W) with a palette", 2)
    if pixels.dtype != np.uint8 or pixels.ndim != ndim:
        raise ValueError(f"pixels must be uint8 of shape {shape}, got {pixels.dtype} of shape {pixels.shape}")
    h, w = pixels.shape[:2]
    if palette is None:
        kind, channels, values = 2, 3, pixels[..., :3]
    else:
        kind, channels, values = 3, 1, pixels[..., None]
    rows = np.zeros((h, 1 + channels * w), np.uint8)  # each row: filter type 0, then its bytes
    rows[:, 1:].reshape(h, w, channels)[...] = values

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, kind, 0, 0, 0)),
        b"" if palette is None else chunk(b"PLTE", np.asarray(palette, np.uint8).tobytes()),
        chunk(b"IDAT", zlib.compress(rows, compress_level)),
        chunk(b"IEND", b""),
    ])


def colour_keys(pixels):
    """Each pixel's colour as one integer R + G<<8 + B<<16: shape (H, W), dtype ``np.intp``.

    ``pixels`` : RGBA, uint8, shape (H, W, 4).

    ``np.intp`` because the keys index a table: numpy's index type is 32-bit
    on wasm32 (Pyodide, JupyterLite), and refuses a uint32 index there.
    """
    rgba = pixels.view("<u4")[..., 0]  # R + G<<8 + B<<16 + A<<24, shape (H, W)
    return (rgba & 0xFFFFFF).astype(np.intp)


class Palette:
    """At most 255 colours, and each 24-bit colour mapped to the nearest of them.

    A colour in the palette always maps to itself. (Pillow's
    ``quantize(palette=...)`` looks colours up through a coarse cache, which
    turned the white background into the palette's 252 grey and some line
    colours 30-90 levels off.) The map is a table over all 2**24 colours, filled
    in as colours are first seen; numpy's zeroed memory is only allocated for
    the parts written, so it costs far less than its 16 MB.

    Parameters
    ----------
    keys : ndarray of intp, shape (H, W)
        The first frame, from :func:`colour_keys`; its most frequent colours make the palette.
    """

    def __init__(self, keys):
        values, counts = np.unique(keys, return_counts=True)
        top = values[np.argsort(-counts, kind="stable")[:255]]
        self.rgb = self.channels(top)  # shape (K, 3), uint8
        self.squares = (self.rgb.astype(float) ** 2).sum(axis=1)  # shape (K,)
        self.table = np.zeros(1 << 24, np.uint8)  # colour -> palette index + 1; 0: not seen yet
        self.table[top] = np.arange(1, len(top) + 1)

    @staticmethod
    def channels(keys):
        """The (R, G, B) of each key, shape keys.shape + (3,), uint8."""
        return np.stack([keys & 255, (keys >> 8) & 255, (keys >> 16) & 255], axis=-1).astype(np.uint8)

    def indices(self, keys):
        """The palette index of every pixel of ``keys`` (intp, shape (H, W) -> uint8, shape (H, W))."""
        found = np.take(self.table, keys)
        unseen = found == 0
        if unseen.any():
            missing = keys[unseen]
            new = np.unique(missing)
            # |c - p|^2 = |c|^2 - 2 c.p + |p|^2; |c|^2 is the same for every p of a row, so it is
            # left out. One small matrix product, exact: integers far below 2**53.
            distance = self.squares - 2.0 * (self.channels(new).astype(float) @ self.rgb.T.astype(float))
            self.table[new] = distance.argmin(axis=1) + 1
            found[unseen] = self.table[missing]
        found -= 1
        return found


class TextStamp:
    """Draws short plain texts (numbers, mostly) straight with FreeType: about 40 times
    faster than matplotlib's ``Text.draw``, which lays the text out twice
    and looks its fonts up on every call.

    Handles what the moving labels of the course figures use: one line, no
    rotation, no math, any horizontal and vertical alignment, colour and
    alpha, and a plain filled box behind the text. Anything else (for
    example Hangul, which needs the fallback font) returns False from
    :meth:`draw` and is drawn by matplotlib.
    """

    def __init__(self, renderer, cache_size=4096):
        self.renderer = renderer
        self.cache = collections.OrderedDict()  # (font file, size, string) -> (alpha mask, width, descent)
        self.cache_size = cache_size
        self.lines = {}  # (font file, size) -> height and descent of a line, in pixels

    def glyphs(self, path, size, string):
        """The alpha mask (0..1, shape (h, w)), ink width and descent (pixels) of ``string``."""
        key = (path, size, string)
        hit = self.cache.get(key)
        if hit is None:
            font = font_manager.get_font(path)
            font.clear()
            font.set_size(size, self.renderer.dpi)
            font.set_text(string, 0.0, flags=get_hinting_flag())  # as the Agg renderer lays text out
            font.draw_glyphs_to_bitmap(antialiased=True)
            mask = np.asarray(font.get_image()).astype(np.float32) * (1 / 255)
            width = font.get_width_height()[0] / 64
            descent = font.get_descent() / 64
            hit = self.cache[key] = (mask, width, descent)
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return hit

    def draw(self, artist, pixels):
        """Stamp the Text ``artist`` into ``pixels`` (RGBA, shape (H, W, 4)); False if it cannot."""
        string = artist.get_text()
        if not string:
            return True
        if artist.get_rotation() != 0 or "\n" in string or "$" in string:
            return False
        prop = artist.get_fontproperties()
        path = font_manager.findfont(prop)
        font = font_manager.get_font(path)
        if any(font.get_char_index(ord(ch)) == 0 for ch in string):
            return False  # a character this font lacks: let matplotlib fall back
        size = prop.get_size_in_points()
        mask, width, descent = self.glyphs(path, size, string)
        line = self.lines.get((path, size))
        if line is None:
            _, h, d = self.renderer.get_text_width_height_descent("lp", prop, ismath=False)
            line = self.lines[path, size] = (h, d)
        h, d = line
        x, y = artist.get_transform().transform(artist.get_unitless_position())
        left = x - {"left": 0, "center": width / 2, "right": width}[artist.get_horizontalalignment()]
        baseline = {"center": y - h / 2 + d, "center_baseline": y, "baseline": y,
                    "top": y - h + d, "bottom": y + d}[artist.get_verticalalignment()]
        height = pixels.shape[0]
        patch = artist.get_bbox_patch()
        if patch is not None:
            pad = patch.get_boxstyle().pad * size * self.renderer.dpi / 72
            rows = (height - (baseline + h - d + pad), height - (baseline - d - pad))
            cols = (left - pad, left + width + pad)
            fill = colors.to_rgba(patch.get_facecolor())
            box = np.ones((int(round(rows[1] - rows[0])), int(round(cols[1] - cols[0]))), np.float32)
            self.blend(pixels, int(round(rows[0])), int(round(cols[0])), box, fill[:3], fill[3])
        rgba = colors.to_rgba(artist.get_color())
        alpha = rgba[3] if artist.get_alpha() is None else artist.get_alpha()
        top = int(round(height - baseline - (mask.shape[0] - 1 - descent)))
        self.blend(pixels, top, int(round(left)) - 1, mask, rgba[:3], alpha)
        return True

    @staticmethod
    def blend(pixels, top, left, mask, rgb, alpha):
        """Paint colour ``rgb`` (0..1) through ``mask`` (0..1, shape (h, w)) at row ``top``, column ``left``."""
        H, W = pixels.shape[:2]
        r0, c0 = max(top, 0), max(left, 0)
        r1, c1 = min(top + mask.shape[0], H), min(left + mask.shape[1], W)
        if r1 <= r0 or c1 <= c0:
            return
        a = mask[r0 - top:r1 - top, c0 - left:c1 - left, None] * alpha
        region = pixels[r0:r1, c0:c1, :3]
        colour = np.asarray(rgb, dtype=np.float32) * 255
        region[...] = region * (1 - a) + colour * a + 0.5


class Frame:
    """A figure drawn once, then redrawn fast: cached axes, moving artists on top.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        With an Agg canvas; its axes must sit side by side in one row (every
        figure of the course widgets does).
    moving : list of Artist
        The artists that change between frames. They are marked animated,
        so a full draw leaves them out, and are drawn on every frame.
    on_top : list of Artist
        Artists that do not change but belong above the moving ones (legends).
        Each is drawn once onto a transparent layer, which every frame blends
        over the picture (the "over" rule, as Agg blends).
    cache_size : int
        How many drawn versions (one per set of axis limits) to keep per axes.
    palette : bool
        True: :meth:`png` sends a palette PNG (small, exact for the colours
        of the first frame, the nearest palette colour for any other).
        False: an RGB PNG, every colour exact (for smooth colour maps).
    """

    def __init__(self, fig, moving, on_top=(), cache_size=24, palette=True):
        self.fig = fig
        self.moving = sorted(moving, key=lambda artist: artist.get_zorder())  # drawn in this order
        self.on_top = list(on_top)
        self.cache_size = cache_size
        for artist in self.moving + self.on_top:
            artist.set_animated(True)
        fig.canvas.draw()  # lays the figure out once; later frames keep that layout
        fig.set_layout_engine("none")
        self.renderer = fig.canvas.get_renderer()
        self.height, self.width = int(self.renderer.height), int(self.renderer.width)
        self.axes = sorted(fig.axes, key=lambda ax: ax.get_position().x0)
        self.bands = self._bands()
        self.cache = {ax: collections.OrderedDict() for ax in self.axes}
        self.stamp = TextStamp(self.renderer)
        self.layers = [self._layer(artist) for artist in self.on_top]
        self.use_palette, self.palette = palette, None  # the palette is made from the first frame sent
        self.draws = 0  # how many axes were drawn from scratch (for tests and benchmarks)

    def _bands(self):
        """Column ranges ``[c0, c1)`` of each axes: split halfway between their drawn extents."""
        boxes = [ax.get_tightbbox(self.renderer) for ax in self.axes]
        cuts = [0]
        for left, right in zip(boxes[:-1], boxes[1:]):
            cuts.append(int(round((left.x1 + right.x0) / 2)))
        cuts.append(self.width)
        return {ax: (max(0, a), min(self.width, b)) for ax, a, b in zip(self.axes, cuts[:-1], cuts[1:])}

    def _layer(self, artist):
        """``artist`` drawn alone: (rows, cols, premultiplied colour, 1 - alpha) of its box."""
        box = artist.get_window_extent(self.renderer)
        rows = slice(max(0, math.floor(self.height - box.y1) - 1),
                     min(self.height, math.ceil(self.height - box.y0) + 1))
        cols = slice(max(0, math.floor(box.x0) - 1), min(self.width, math.ceil(box.x1) + 1))
        pixels = np.asarray(self.renderer.buffer_rgba())
        saved = pixels.copy()
        self.renderer.clear()  # transparent
        artist.draw(self.renderer)
        rgba = pixels[rows, cols].astype(np.float32) / 255
        pixels[...] = saved
        alpha = rgba[..., 3:]
        return rows, cols, 255 * alpha * rgba[..., :3] + 0.5, 1 - alpha  # (+ 0.5: rounds when cast)

    @staticmethod
    def key(ax):
        """What a drawn band of ``ax`` depends on: its limits ``(x0, x1, y0, y1)``."""
        return tuple(ax.get_xlim()) + tuple(ax.get_ylim())

    def _draw(self, ax, pixels):
        """Draw the band of ``ax`` as its limits are now, and cache it."""
        c0, c1 = self.bands[ax]
        pixels[:, c0:c1] = 255  # the white figure background
        ax.draw(self.renderer)  # leaves the animated (moving) artists out
        self.draws += 1
        self.cache[ax][self.key(ax)] = pixels[:, c0:c1].copy()

    def prepare(self, ax, limits):
        """Draw ahead the band of ``ax`` for ``limits`` = (x0, x1, y0, y1), unless it is cached.

        The axes keep their limits. A band is drawn only while the axes'
        cache has room: what is drawn ahead never pushes out what was shown.
        Returns True if a band was drawn (tens of ms), False if not (µs).
        """
        cached = self.cache[ax]
        if len(cached) >= self.cache_size or tuple(map(float, limits)) in cached:
            return False
        xlim, ylim = ax.get_xlim(), ax.get_ylim()
        ax.set_xlim(*limits[:2])
        ax.set_ylim(*limits[2:])
        try:
            if self.key(ax) in cached:
                return False
            # the canvas is scratch space between frames: render() pastes every band again
            self._draw(ax, np.asarray(self.renderer.buffer_rgba()))
            cached.move_to_end(self.key(ax), last=False)  # first to go if the cache is full
            return True
        finally:
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)

    def render(self):
        """Draw the current state into the canvas; returns the RGBA pixels, shape (H, W, 4)."""
        pixels = np.asarray(self.renderer.buffer_rgba())
        for ax in self.axes:
            if self.key(ax) not in self.cache[ax]:
                self._draw(ax, pixels)
                if len(self.cache[ax]) > self.cache_size:
                    self.cache[ax].popitem(last=False)
        # paste every band (also the ones just drawn: a label that spilled
        # into a neighbour's band is cut off the same way on every frame)
        for ax in self.axes:
            key, cached = self.key(ax), self.cache[ax]
            cached.move_to_end(key)
            c0, c1 = self.bands[ax]
            pixels[:, c0:c1] = cached[key]
        for artist in self.moving:
            if not artist.get_visible():
                continue
            if not (isinstance(artist, Text) and self.stamp.draw(artist, pixels)):
                artist.draw(self.renderer)
        for rows, cols, colour, keep in self.layers:
            under = pixels[rows, cols, :3]
            under[...] = colour + keep * under
        return pixels

    def full_draw(self):
        """The figure drawn by matplotlib in one go, every artist included: RGBA, shape (H, W, 4).

        What :meth:`render` must look like (the tests compare them), and the
        benchmarks' baseline. A copy; the next frame draws over the canvas.
        """
        for artist in self.moving + self.on_top:
            artist.set_animated(False)
        try:
            self.fig.canvas.draw()
            return np.asarray(self.renderer.buffer_rgba()).copy()
        finally:
            for artist in self.moving + self.on_top:
                artist.set_animated(True)

    def png(self, compress_level=1):
        """The current state as a PNG (bytes), at the figure's pixel size."""
        return self.encode(self.render(), compress_level)

    def encode(self, pixels, compress_level=1):
        """``pixels`` (RGBA, shape (H, W, 4), as :meth:`render` returns) as a PNG (bytes); see :func:`png`.

        A palette frame keeps the palette made from the first frame it
        encodes: the colours of a course figure do not change from frame to frame.
        """
        if not self.use_palette:
            return png(pixels, compress_level=compress_level)
        keys = colour_keys(pixels)
        if self.palette is None:
            self.palette = Palette(keys)
        return png(self.palette.indices(keys), self.palette.rgb, compress_level)
