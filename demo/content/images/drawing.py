"""The palette and the shapes that demo/content/images/make_images.py draws the covers with.

Shapes are drawn SCALE times larger and scaled down on save, which smooths their edges (Pillow's
ImageDraw does not anti-alias), then reduced to one palette of colours, which keeps each file
small. The colours follow static/css/passerelle.css.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 600
SCALE = 3
COLOURS = 256

# The site's theme (passerelle.css) and lighter tints of it.
PRIMARY = "#0b5563"
PRIMARY_DARK = "#073b45"
PRIMARY_MID = "#3f8391"
PRIMARY_SOFT = "#9cc7ce"
PRIMARY_PALE = "#dcebed"
ACCENT = "#8a3b12"
ACCENT_MID = "#c0703f"
ACCENT_SOFT = "#e7b48f"
ACCENT_PALE = "#f6e6d8"
SURFACE = "#f4f6f7"
BORDER = "#c9d0d5"
MUTED = "#4a5058"
TEXT = "#1f2328"
GREEN = "#1e6b34"
GREEN_MID = "#5f9a6b"
GREEN_SOFT = "#a9cdb0"
WHITE = "#ffffff"
SAND = "#f3ede4"
STONE = "#d9cfc1"
STONE_DARK = "#b7a792"
ROOF = "#b5582a"
SKIN = ("#f1c7a5", "#d39b72", "#9a6445")
HAIR = ("#3b2a20", "#7a4a2a", "#c9c3bb", "#1f2328", "#b0772f")
FLAG_BLUE = "#2f4f8f"
FLAG_RED = "#b3261e"


class Canvas:
    """A 1200×600 drawing surface in logical pixels, drawn at SCALE times the size."""

    def __init__(self, background: str) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _points(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def rect(self, x0, y0, x1, y1, fill, radius=0, corners=None):
        self.draw.rounded_rectangle(
            (x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE), radius=radius * SCALE, fill=fill, corners=corners
        )

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse((x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE), fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill)

    def polygon(self, points, fill):
        self.draw.polygon(self._points(points), fill=fill)

    def line(self, points, fill, width, round_ends=True):
        self.draw.line(self._points(points), fill=fill, width=round(width * SCALE), joint="curve")
        if round_ends:
            for x, y in (points[0], points[-1]):
                self.circle(x, y, width / 2, fill)

    def chord(self, cx, cy, r, start, end, fill):
        box = ((cx - r) * SCALE, (cy - r) * SCALE, (cx + r) * SCALE, (cy + r) * SCALE)
        self.draw.chord(box, start, end, fill=fill)

    def arc(self, cx, cy, r, start, end, fill, width):
        box = ((cx - r) * SCALE, (cy - r) * SCALE, (cx + r) * SCALE, (cy + r) * SCALE)
        self.draw.arc(box, start, end, fill=fill, width=round(width * SCALE))

    def save(self, path: Path) -> Path:
        small = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        small = small.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(path, optimize=True)
        return path


# Shared pieces ------------------------------------------------------------------------------


def cloud(c: Canvas, x, y, size, fill=WHITE):
    c.ellipse(x, y + size * 0.3, x + size * 1.6, y + size * 0.8, fill)
    c.circle(x + size * 0.55, y + size * 0.35, size * 0.32, fill)
    c.circle(x + size * 1.0, y + size * 0.3, size * 0.26, fill)


def tree(c: Canvas, x, ground, height, crown=GREEN_MID, trunk=ACCENT):
    c.rect(x - height * 0.05, ground - height * 0.45, x + height * 0.05, ground, trunk, radius=height * 0.03)
    c.ellipse(x - height * 0.3, ground - height, x + height * 0.3, ground - height * 0.35, crown)


def leaf(c: Canvas, base, angle, length, width, fill):
    """A pointed leaf from `base`, pointing at `angle` degrees (0 is right, -90 is up)."""
    rad = math.radians(angle)
    ux, uy = math.cos(rad), math.sin(rad)
    nx, ny = -uy, ux
    points = []
    for i in range(13):
        t = i / 12
        bulge = math.sin(math.pi * t) * width / 2
        points.append((base[0] + ux * length * t + nx * bulge, base[1] + uy * length * t + ny * bulge))
    for i in range(11, 0, -1):
        t = i / 12
        bulge = math.sin(math.pi * t) * width / 2
        points.append((base[0] + ux * length * t - nx * bulge, base[1] + uy * length * t - ny * bulge))
    c.polygon(points, fill)


def plant(c: Canvas, x, ground, size):
    top = ground - size * 0.55
    for angle, length, fill in (
        (-150, 0.9, GREEN_MID),
        (-30, 0.9, GREEN_MID),
        (-120, 1.1, GREEN),
        (-60, 1.1, GREEN),
        (-90, 1.3, GREEN_MID),
    ):
        leaf(c, (x, top + size * 0.05), angle, size * length, size * 0.36, fill)
    c.polygon(
        [(x - size * 0.36, top), (x + size * 0.36, top), (x + size * 0.26, ground), (x - size * 0.26, ground)],
        ACCENT_MID,
    )
    c.rect(x - size * 0.42, top - size * 0.04, x + size * 0.42, top + size * 0.1, ACCENT, radius=size * 0.03)


def hair_back(c: Canvas, x, shoulder_y, unit, hair):
    """The part of long hair that falls behind the shoulders: drawn before the torso."""
    head_r = unit * 0.85
    head_y = shoulder_y - unit * 1.35
    c.rect(
        x - head_r * 1.1, head_y - head_r * 0.5, x + head_r * 1.1, shoulder_y + unit * 0.8, hair, radius=head_r * 0.8
    )


def head(c: Canvas, x, shoulder_y, unit, *, skin, hair, long_hair):
    """Neck, face and hair above a torso whose shoulders are at `shoulder_y`."""
    head_r = unit * 0.85
    head_y = shoulder_y - unit * 1.35
    c.rect(x - unit * 0.3, shoulder_y - unit * 0.6, x + unit * 0.3, shoulder_y + unit * 0.15, skin, radius=unit * 0.1)
    if long_hair:
        # Two locks over the shoulders, on either side of the neck.
        for side in (-1, 1):
            inner, outer = x + side * head_r * 0.55, x + side * head_r * 1.1
            c.rect(min(inner, outer), head_y, max(inner, outer), shoulder_y + unit * 0.6, hair, radius=head_r * 0.25)
    c.chord(x, head_y - head_r * 0.05, head_r * 1.02, 160, 380, hair)
    c.circle(x, head_y + head_r * 0.15, head_r * 0.86, skin)


def person(
    c: Canvas,
    x,
    ground,
    height,
    *,
    skin,
    hair,
    top,
    bottom,
    long_hair=False,
    arm_left=None,
    arm_right=None,
    skirt=False,
):
    """A standing figure, feet on `ground`, centred on `x`, facing the viewer.

    `arm_left` and `arm_right` are the hand positions (logical pixels); by default the arms hang.
    """
    unit = height / 10
    shoulder_y = ground - unit * 7.6
    hip_y = ground - unit * 4.3
    half = unit * 1.25
    # Legs and shoes.
    if skirt:
        c.polygon(
            [
                (x - half, hip_y - unit * 0.2),
                (x + half, hip_y - unit * 0.2),
                (x + half * 1.3, hip_y + unit * 1.6),
                (x - half * 1.3, hip_y + unit * 1.6),
            ],
            bottom,
        )
        for dx in (-0.55, 0.55):
            c.rect(
                x + dx * unit - unit * 0.3,
                hip_y + unit * 1.5,
                x + dx * unit + unit * 0.3,
                ground - unit * 0.2,
                skin,
                radius=unit * 0.2,
            )
    else:
        for dx in (-0.62, 0.62):
            c.rect(
                x + dx * unit - unit * 0.5,
                hip_y - unit * 0.4,
                x + dx * unit + unit * 0.5,
                ground - unit * 0.2,
                bottom,
                radius=unit * 0.35,
            )
    for dx in (-0.7, 0.7):
        c.ellipse(
            x + dx * unit - unit * 0.65, ground - unit * 0.5, x + dx * unit + unit * 0.65, ground + unit * 0.05, TEXT
        )
    if long_hair:
        hair_back(c, x, shoulder_y, unit, hair)
    # Arms behind the torso's edges.
    shoulders = ((x - half + unit * 0.25, shoulder_y + unit * 0.5), (x + half - unit * 0.25, shoulder_y + unit * 0.5))
    hands = (
        arm_left or (x - half - unit * 0.35, hip_y + unit * 0.3),
        arm_right or (x + half + unit * 0.35, hip_y + unit * 0.3),
    )
    for shoulder, hand in zip(shoulders, hands, strict=True):
        c.line([shoulder, hand], top, unit * 0.75)
        c.circle(hand[0], hand[1], unit * 0.42, skin)
    # Torso, neck, head, hair.
    c.rect(
        x - half, shoulder_y, x + half, hip_y + unit * 0.2, top, radius=unit * 0.8, corners=(True, True, False, False)
    )
    head(c, x, shoulder_y, unit, skin=skin, hair=hair, long_hair=long_hair)


def seated(c: Canvas, x, table_y, height, *, skin, hair, top, long_hair=False, hands=None):
    """A figure seen behind a table: torso and head above `table_y`, hands on the table."""
    unit = height / 10
    shoulder_y = table_y - unit * 3.4
    half = unit * 1.25
    if long_hair:
        hair_back(c, x, shoulder_y, unit, hair)
    hands = hands or ((x - unit * 0.9, table_y - unit * 0.15), (x + unit * 0.9, table_y - unit * 0.15))
    for shoulder, hand in zip(
        ((x - half + unit * 0.25, shoulder_y + unit * 0.5), (x + half - unit * 0.25, shoulder_y + unit * 0.5)),
        hands,
        strict=True,
    ):
        c.line([shoulder, hand], top, unit * 0.75)
    c.rect(x - half, shoulder_y, x + half, table_y, top, radius=unit * 0.8, corners=(True, True, False, False))
    for hand in hands:
        c.circle(hand[0], hand[1], unit * 0.42, skin)
    head(c, x, shoulder_y, unit, skin=skin, hair=hair, long_hair=long_hair)


def laptop(c: Canvas, x, base_y, width, screen=PRIMARY_PALE, back=False):
    """An open laptop standing on `base_y`, centred on `x`; `back` shows its lid from behind."""
    height = width * 0.62
    c.rect(
        x - width / 2,
        base_y - height,
        x + width / 2,
        base_y - width * 0.03,
        MUTED if back else TEXT,
        radius=width * 0.04,
    )
    if back:
        c.circle(x, base_y - height / 2, width * 0.06, BORDER)
    else:
        c.rect(
            x - width / 2 + width * 0.04,
            base_y - height + width * 0.04,
            x + width / 2 - width * 0.04,
            base_y - width * 0.07,
            screen,
            radius=width * 0.015,
        )
    c.rect(x - width * 0.6, base_y - width * 0.04, x + width * 0.6, base_y, BORDER, radius=width * 0.02)


def wifi(c: Canvas, cx, cy, size, fill):
    for r in (size, size * 0.66, size * 0.33):
        c.arc(cx, cy, r, 225, 315, fill, size * 0.12)
    c.circle(cx, cy - size * 0.02, size * 0.09, fill)
