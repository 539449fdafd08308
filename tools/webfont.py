"""Make the course site's Korean web font from the NanumGothic.ttf shipped in nnlib.

Chromium refuses NanumGothic.ttf as a web font ("OTS parsing error: TSI3: zero-length
table": the TSI* tables are VTT hinting sources) and silently falls back to a system
font. This script writes a WOFF2 copy that a browser accepts:

- the TSI* tables and the hinting are dropped;
- only Hangul, Korean punctuation and the space are kept (the site's CSS gives the face
  the matching ``unicode-range``, so Latin text keeps the theme's fonts);
- code points U+0000..U+001F, which the font maps to its space glyph, are not mapped,
  so text copied out of a printed PDF has real spaces, not ``\\x01``;
- the family is renamed to ``FAMILY``: the SIL OFL 1.1 reserves the name "NanumGothic"
  (and "Nanum") for the unmodified font, so a modified copy must carry another name.

Usage: python tools/webfont.py OUT.woff2
"""

import argparse
import pathlib

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parents[1]
FAMILY = "NnlibGothic"
# Hangul Jamo, CJK symbols and punctuation, Hangul compatibility Jamo, enclosed CJK,
# Jamo extended A, syllables, Jamo extended B, half/fullwidth forms.
UNICODE_RANGES = [(0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x32FF),
                  (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF)]


def source_font():
    """The NanumGothic.ttf inside the nnlib package (nnlib/fonts/ or nnlib/course/fonts/)."""
    found = sorted((ROOT / "nnlib").rglob("NanumGothic.ttf"))
    if not found:
        raise FileNotFoundError("no NanumGothic.ttf under nnlib/")
    return found[0]


def css_unicode_range():
    """The ``unicode-range`` value of the @font-face rule for the web font."""
    return ", ".join(f"U+{lo:04X}-{hi:04X}" for lo, hi in UNICODE_RANGES)


def make_webfont(source, out):
    """Write the WOFF2 web font made from ``source`` (a NanumGothic.ttf) to ``out``."""
    font = TTFont(source)
    for tag in [t for t in font.keys() if t.startswith("TSI")]:
        del font[tag]
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    unicodes = [0x20] + [c for lo, hi in UNICODE_RANGES for c in range(lo, hi + 1)]
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    rename(font, FAMILY)
    font.flavor = "woff2"
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out


def rename(font, family):
    """Give ``font`` the family name ``family`` in every name record that held the old name."""
    table = font["name"]
    postscript = family.replace(" ", "")
    for record in table.names:
        if record.nameID in (1, 4, 16):
            table.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            table.setName(f"{postscript};{FAMILY} web subset of NanumGothic", 3,
                          record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            table.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
    # ID 7 is NHN's trademark on the name NanumGothic, which this copy no longer carries
    table.removeNames(nameID=7)
    table.setName(f"{family} is a modified copy of NanumGothic (SIL Open Font License 1.1): "
                  "Hangul subset, TSI tables and hinting removed, WOFF2.", 10, 3, 1, 0x409)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    args = parser.parse_args()
    out = make_webfont(source_font(), args.out)
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
