"""Buildings drawn on the covers: a school, a hill village, a town hall (shapes in drawing.py)."""

from drawing import (
    FLAG_BLUE,
    FLAG_RED,
    MUTED,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_SOFT,
    ROOF,
    SAND,
    STONE,
    STONE_DARK,
    TEXT,
    WHITE,
    Canvas,
)


def school(c: Canvas, x0, ground, width, *, wall=SAND, roof=ROOF, trim=STONE_DARK):
    """A small French school: one storey and an attic, a central porch, a clock."""
    height = width * 0.52
    x1 = x0 + width
    top = ground - height
    c.polygon(
        [
            (x0 - 14, top + 4),
            (x1 + 14, top + 4),
            (x1 - width * 0.08, top - width * 0.14),
            (x0 + width * 0.08, top - width * 0.14),
        ],
        roof,
    )
    c.rect(x0, top, x1, ground, wall)
    c.rect(x0, top, x1, top + 10, trim)
    porch = (x0 + width * 0.38, x0 + width * 0.62)
    c.polygon(
        [(porch[0] - 12, top + 2), (porch[1] + 12, top + 2), ((porch[0] + porch[1]) / 2, top - width * 0.16)], trim
    )
    c.polygon([(porch[0] + 4, top - 2), (porch[1] - 4, top - 2), ((porch[0] + porch[1]) / 2, top - width * 0.13)], wall)
    c.circle((porch[0] + porch[1]) / 2, top - width * 0.045, width * 0.035, WHITE)
    c.line(
        [((porch[0] + porch[1]) / 2, top - width * 0.045), ((porch[0] + porch[1]) / 2, top - width * 0.065)], TEXT, 3
    )
    c.line(
        [
            ((porch[0] + porch[1]) / 2, top - width * 0.045),
            ((porch[0] + porch[1]) / 2 + width * 0.014, top - width * 0.045),
        ],
        TEXT,
        3,
    )
    c.rect(porch[0], top + 10, porch[1], ground, wall)
    door_w = width * 0.12
    cx = (porch[0] + porch[1]) / 2
    c.rect(
        cx - door_w / 2,
        ground - height * 0.5,
        cx + door_w / 2,
        ground,
        PRIMARY,
        radius=door_w / 2,
        corners=(True, True, False, False),
    )
    c.rect(cx - 2, ground - height * 0.42, cx + 2, ground, PRIMARY_DARK)
    for wing in ((x0, porch[0]), (porch[1], x1)):
        span = wing[1] - wing[0]
        for i in range(2):
            wx = wing[0] + span * (0.2 + i * 0.42)
            for row in range(2):
                wy = top + height * (0.16 + row * 0.42)
                c.rect(wx, wy, wx + span * 0.22, wy + height * 0.28, WHITE, radius=4)
                c.rect(wx + 4, wy + 4, wx + span * 0.22 - 4, wy + height * 0.28 - 4, PRIMARY_SOFT, radius=2)
                c.rect(wx + span * 0.11 - 2, wy + 4, wx + span * 0.11 + 2, wy + height * 0.28 - 4, WHITE)


def village(c: Canvas, x, ground, scale):
    """A few stone houses with tiled roofs and a bell tower, on a hillside."""
    houses = ((0, 70, 60), (62, 90, 80), (160, 60, 55), (230, 80, 70))
    for dx, w, h in houses:
        hx = x + dx * scale
        c.rect(hx, ground - h * scale, hx + w * scale, ground, STONE)
        c.polygon(
            [
                (hx - 6 * scale, ground - h * scale + 2),
                (hx + w * scale + 6 * scale, ground - h * scale + 2),
                (hx + w * scale * 0.5, ground - (h + 28) * scale),
            ],
            ROOF,
        )
        c.rect(
            hx + w * scale * 0.25,
            ground - h * scale * 0.6,
            hx + w * scale * 0.45,
            ground - h * scale * 0.3,
            PRIMARY_DARK,
            radius=2,
        )
    tx = x + 135 * scale
    c.rect(tx - 14 * scale, ground - 130 * scale, tx + 14 * scale, ground, STONE_DARK)
    c.polygon(
        [(tx - 18 * scale, ground - 128 * scale), (tx + 18 * scale, ground - 128 * scale), (tx, ground - 165 * scale)],
        ROOF,
    )
    c.rect(
        tx - 6 * scale,
        ground - 112 * scale,
        tx + 6 * scale,
        ground - 96 * scale,
        PRIMARY_DARK,
        radius=5 * scale,
        corners=(True, True, False, False),
    )


def town_hall(c: Canvas, x0, ground, width):
    """A mairie: two storeys, a pediment with a clock, a tricolour flag, steps."""
    height = width * 0.5
    x1 = x0 + width
    top = ground - height
    cx = (x0 + x1) / 2
    c.rect(x0 - 8, top - 12, x1 + 8, top + 4, STONE_DARK)
    c.rect(x0, top, x1, ground, WHITE)
    c.polygon([(cx - width * 0.28, top - 8), (cx + width * 0.28, top - 8), (cx, top - width * 0.2)], STONE_DARK)
    c.polygon([(cx - width * 0.24, top - 12), (cx + width * 0.24, top - 12), (cx, top - width * 0.175)], SAND)
    c.circle(cx, top - width * 0.07, width * 0.04, WHITE)
    c.line([(cx, top - width * 0.07), (cx, top - width * 0.095)], TEXT, 3)
    c.line([(cx, top - width * 0.07), (cx + width * 0.018, top - width * 0.07)], TEXT, 3)
    # Flag pole and flag above the pediment.
    c.rect(cx - 2, top - width * 0.36, cx + 2, top - width * 0.19, MUTED)
    for i, colour in enumerate((FLAG_BLUE, WHITE, FLAG_RED)):
        c.rect(cx + 2 + i * 22, top - width * 0.355, cx + 24 + i * 22, top - width * 0.29, colour)
    for row in range(2):
        wy = top + height * (0.12 + row * 0.42)
        for i in range(5):
            wx = x0 + width * (0.07 + i * 0.185)
            if row == 1 and i == 2:
                continue
            c.rect(
                wx,
                wy,
                wx + width * 0.1,
                wy + height * 0.3,
                PRIMARY_SOFT,
                radius=width * 0.05,
                corners=(True, True, False, False),
            )
            c.rect(wx + width * 0.048, wy, wx + width * 0.052, wy + height * 0.3, WHITE)
    door = width * 0.07
    c.rect(
        cx - door,
        ground - height * 0.42,
        cx + door,
        ground - 10,
        PRIMARY,
        radius=door,
        corners=(True, True, False, False),
    )
    c.rect(cx - door - 30, ground - 10, cx + door + 30, ground, STONE)
    c.rect(cx - door - 50, ground - 4, cx + door + 50, ground + 6, STONE_DARK)
