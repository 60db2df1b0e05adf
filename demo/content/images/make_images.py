"""Draw the demo courses' cover illustrations (1200×600 PNG) with Pillow alone.

Run it after changing a drawing, then commit the PNG files beside it:

    .venv/bin/python demo/content/images/make_images.py

Everything is drawn here, by hand (shapes in drawing.py), so the files carry no third-party
rights. The output is the same on every run for a given Pillow version; each file is about 20 KB.
"""

from pathlib import Path

from buildings import school, town_hall, village
from drawing import (
    ACCENT,
    ACCENT_MID,
    ACCENT_PALE,
    ACCENT_SOFT,
    BORDER,
    FLAG_BLUE,
    FLAG_RED,
    GREEN,
    GREEN_MID,
    GREEN_SOFT,
    HAIR,
    HEIGHT,
    MUTED,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_MID,
    PRIMARY_PALE,
    PRIMARY_SOFT,
    SAND,
    SKIN,
    STONE,
    TEXT,
    WHITE,
    WIDTH,
    Canvas,
    cloud,
    laptop,
    person,
    plant,
    seated,
    tree,
    wifi,
)

HERE = Path(__file__).resolve().parent


# The covers ---------------------------------------------------------------------------------


def cover_parents() -> Canvas:
    """Accompagner son enfant sur Internet: a parent and a child beside a large tablet."""
    c = Canvas(ACCENT_PALE)
    c.circle(960, 120, 210, "#f9efe6")
    c.rect(0, 470, WIDTH, HEIGHT, "#ead2bf")
    # Window with a plant on the sill.
    c.rect(90, 90, 330, 330, WHITE, radius=10)
    c.rect(106, 106, 314, 314, PRIMARY_PALE, radius=6)
    c.rect(206, 106, 214, 314, WHITE)
    c.rect(106, 206, 314, 214, WHITE)
    cloud(c, 130, 130, 60)
    c.rect(76, 330, 344, 346, WHITE, radius=6)
    plant(c, 290, 330, 60)
    # The tablet, with a shield and a check mark for a safe use.
    c.rect(440, 120, 830, 470, TEXT, radius=30)
    c.rect(460, 140, 810, 450, WHITE, radius=16)
    c.rect(460, 140, 810, 190, PRIMARY, radius=16, corners=(True, True, False, False))
    for i in range(3):
        c.circle(490 + i * 26, 165, 8, PRIMARY_SOFT)
    shield = [(635, 225), (715, 255), (710, 335), (635, 400), (560, 335), (555, 255)]
    c.polygon(shield, PRIMARY)
    c.line([(598, 312), (626, 340), (676, 282)], WHITE, 16)
    c.rect(490, 418, 780, 430, PRIMARY_PALE, radius=6)
    # The child points at the screen; the parent's hand rests on the child's shoulder.
    person(
        c,
        960,
        540,
        340,
        skin=SKIN[1],
        hair=HAIR[0],
        top=PRIMARY_MID,
        bottom=PRIMARY_DARK,
        long_hair=True,
        arm_left=(898, 392),
        arm_right=(1012, 400),
    )
    person(
        c,
        868,
        545,
        232,
        skin=SKIN[0],
        hair=HAIR[3],
        top=ACCENT_MID,
        bottom=PRIMARY,
        arm_left=(818, 420),
        arm_right=(908, 452),
    )
    c.circle(898, 392, 340 / 10 * 0.42, SKIN[1])
    return c


def cover_school_devices() -> Canvas:
    """Administrer le parc numérique d'une école: a school, its computers and its Wi-Fi."""
    c = Canvas(PRIMARY_PALE)
    c.circle(150, 110, 60, "#eef5f6")
    cloud(c, 330, 70, 70)
    cloud(c, 760, 50, 50)
    c.rect(0, 470, WIDTH, HEIGHT, GREEN_SOFT)
    c.rect(0, 470, WIDTH, 482, "#8fbf99")
    tree(c, 70, 475, 190)
    school(c, 120, 475, 440)
    tree(c, 610, 475, 160, crown=GREEN)
    # The park, larger than life: a laptop, a tablet and a Wi-Fi access point.
    c.rect(690, 470, 1150, 500, ACCENT, radius=8)
    c.rect(710, 500, 730, 590, ACCENT)
    c.rect(1110, 500, 1130, 590, ACCENT)
    laptop(c, 850, 470, 240)
    # A checklist on the laptop's screen: the inventory.
    for i in range(4):
        y = 345 + i * 28
        c.rect(752, y, 770, y + 18, WHITE, radius=3)
        if i < 3:
            c.line([(755, y + 9), (760, y + 14), (767, y + 4)], GREEN, 3)
        c.rect(782, y + 4, 782 + (150 if i % 2 else 110), y + 14, PRIMARY_SOFT, radius=5)
    c.rect(1000, 330, 1110, 470, TEXT, radius=12)
    c.rect(1008, 340, 1102, 460, PRIMARY_SOFT, radius=6)
    for row in range(3):
        for col in range(2):
            tx, ty = 1022 + col * 36, 354 + row * 34
            c.rect(tx, ty, tx + 22, ty + 22, WHITE if (row + col) % 2 else PRIMARY_PALE, radius=5)
    # The school's Wi-Fi, as a badge above the devices.
    c.circle(1000, 210, 62, WHITE)
    wifi(c, 1000, 248, 62, PRIMARY)
    # The agent who keeps the inventory.
    person(
        c,
        640,
        560,
        250,
        skin=SKIN[2],
        hair=HAIR[3],
        top=PRIMARY,
        bottom=PRIMARY_DARK,
        arm_left=(615, 448),
        arm_right=(665, 448),
    )
    c.rect(612, 398, 668, 468, ACCENT_SOFT, radius=4)
    c.rect(618, 406, 662, 462, WHITE, radius=2)
    c.rect(630, 394, 650, 404, MUTED, radius=2)
    for i in range(4):
        c.rect(624, 416 + i * 11, 654, 420 + i * 11, BORDER, radius=2)
    for hand in ((615, 448), (665, 448)):
        c.circle(*hand, 250 / 10 * 0.42, SKIN[2])
    return c


def cover_rural_workshop() -> Canvas:
    """Ateliers numériques pour les familles en Ardèche: a workshop table below a hill village."""
    c = Canvas(ACCENT_PALE)
    c.circle(1030, 110, 55, "#fbf3ea")
    cloud(c, 170, 60, 60)
    # Layered hills of the Ardèche, the village on the middle one.
    c.ellipse(-300, 230, 700, 700, PRIMARY_SOFT)
    c.ellipse(500, 200, 1500, 720, "#b9d6c0")
    village(c, 640, 300, 1.0)
    c.ellipse(-200, 330, 1400, 820, GREEN_MID)
    tree(c, 90, 400, 120, crown=GREEN)
    tree(c, 1110, 390, 130, crown=GREEN)
    # The table, with three people around two laptops and a mediator standing.
    seated(c, 300, 470, 290, skin=SKIN[0], hair=HAIR[2], top=PRIMARY_MID)
    seated(c, 470, 470, 300, skin=SKIN[2], hair=HAIR[0], top=ACCENT_MID, long_hair=True)
    seated(c, 630, 470, 220, skin=SKIN[1], hair=HAIR[4], top=PRIMARY)
    person(
        c,
        850,
        575,
        330,
        skin=SKIN[0],
        hair=HAIR[1],
        top=PRIMARY_DARK,
        bottom=MUTED,
        long_hair=True,
        arm_left=(760, 440),
        arm_right=(905, 462),
    )
    c.rect(180, 465, 1000, 492, ACCENT, radius=8)
    c.rect(210, 492, 230, 600, ACCENT)
    c.rect(950, 492, 970, 600, ACCENT)
    laptop(c, 330, 468, 100, back=True)
    laptop(c, 640, 468, 100, back=True)
    c.rect(450, 452, 520, 466, WHITE, radius=3)
    c.rect(455, 446, 515, 452, PRIMARY_PALE, radius=2)
    c.rect(720, 446, 780, 466, PRIMARY_PALE, radius=3)
    c.rect(726, 451, 774, 455, BORDER)
    c.rect(726, 458, 764, 462, BORDER)
    return c


def cover_lesson_plan() -> Canvas:
    """Concevoir une séance avec le numérique: a teacher at a board that shows a lesson plan."""
    c = Canvas(PRIMARY_PALE)
    c.rect(0, 500, WIDTH, HEIGHT, "#c4dde1")
    # The board, its three steps and what each uses.
    c.rect(250, 70, 930, 430, ACCENT_MID, radius=10)
    c.rect(265, 85, 915, 415, PRIMARY_DARK, radius=4)
    c.rect(300, 112, 560, 128, WHITE, radius=8)
    steps = ((340, "obj"), (540, "tool"), (740, "eval"))
    for i, (sx, kind) in enumerate(steps):
        c.rect(sx - 60, 170, sx + 100, 370, PRIMARY, radius=12)
        c.circle(sx - 20, 205, 22, ACCENT_SOFT)
        for k in range(i + 1):
            c.rect(sx - 28 + k * 7 - (i * 3), 195, sx - 24 + k * 7 - (i * 3), 215, PRIMARY_DARK, radius=2)
        if kind == "obj":
            c.circle(sx + 20, 285, 42, WHITE)
            c.circle(sx + 20, 285, 29, PRIMARY)
            c.circle(sx + 20, 285, 16, WHITE)
            c.circle(sx + 20, 285, 6, ACCENT_MID)
        elif kind == "tool":
            c.rect(sx - 16, 250, sx + 56, 318, WHITE, radius=8)
            c.rect(sx - 8, 258, sx + 48, 304, PRIMARY_SOFT, radius=3)
            c.circle(sx + 20, 311, 3, PRIMARY)
        else:
            for k in range(3):
                y = 252 + k * 24
                c.rect(sx - 20, y, sx - 4, y + 16, WHITE, radius=3)
                c.line([(sx - 17, y + 8), (sx - 12, y + 13), (sx - 6, y + 3)], GREEN, 3)
                c.rect(sx + 6, y + 4, sx + 64, y + 12, PRIMARY_SOFT, radius=4)
        c.rect(sx - 36, 340, sx + 76, 348, PRIMARY_SOFT, radius=4)
        if i < 2:
            c.line([(sx + 112, 270), (sx + 128, 270)], ACCENT_SOFT, 6)
            c.polygon([(sx + 128, 260), (sx + 138, 270), (sx + 128, 280)], ACCENT_SOFT)
    c.rect(560, 415, 700, 425, STONE, radius=3)
    # The teacher points at the first step.
    person(
        c,
        170,
        560,
        330,
        skin=SKIN[1],
        hair=HAIR[1],
        top=ACCENT_MID,
        bottom=PRIMARY_DARK,
        skirt=False,
        long_hair=True,
        arm_left=(135, 420),
        arm_right=(275, 245),
    )
    # The desk, with a laptop, books and pens.
    c.rect(760, 470, 1160, 496, ACCENT, radius=8)
    c.rect(790, 496, 810, 600, ACCENT)
    c.rect(1110, 496, 1130, 600, ACCENT)
    laptop(c, 900, 468, 190)
    c.rect(832, 370, 968, 380, PRIMARY, radius=3)
    c.rect(832, 390, 920, 398, PRIMARY_SOFT, radius=3)
    c.rect(832, 406, 950, 414, PRIMARY_SOFT, radius=3)
    c.rect(1030, 446, 1130, 468, PRIMARY, radius=3)
    c.rect(1040, 424, 1122, 446, ACCENT_SOFT, radius=3)
    c.rect(1035, 404, 1115, 424, GREEN_MID, radius=3)
    plant(c, 1080, 404, 40)
    return c


def cover_town_hall() -> Canvas:
    """Piloter le numérique éducatif de sa commune: the town hall, the school, and a shared plan."""
    c = Canvas(PRIMARY_PALE)
    c.circle(1080, 100, 50, "#eef5f6")
    cloud(c, 120, 60, 70)
    cloud(c, 640, 40, 55)
    c.rect(0, 450, WIDTH, HEIGHT, GREEN_SOFT)
    # The path that links the town hall and the school.
    c.polygon([(330, 452), (420, 452), (860, 600), (620, 600)], SAND)
    c.polygon([(760, 452), (860, 452), (760, 600), (560, 600)], SAND)
    town_hall(c, 120, 455, 480)
    school(c, 700, 455, 360)
    tree(c, 660, 460, 150, crown=GREEN)
    tree(c, 1120, 460, 170)
    # An elected official and the school head, with the shared plan between them.
    person(
        c,
        470,
        590,
        240,
        skin=SKIN[0],
        hair="#8c8680",
        top=PRIMARY,
        bottom=PRIMARY_DARK,
        arm_left=(438, 512),
        arm_right=(520, 478),
    )
    # The mayor's tricolour sash, from the right shoulder to the left hip.
    for i, colour in enumerate((FLAG_BLUE, WHITE, FLAG_RED)):
        off = i * 7
        c.polygon(
            [
                (484 - off, 408 + off * 0.2),
                (494 - off, 412 + off * 0.2),
                (458 - off, 488 + off),
                (448 - off, 484 + off),
            ],
            colour,
        )
    person(
        c,
        630,
        590,
        240,
        skin=SKIN[2],
        hair=HAIR[3],
        top=ACCENT_MID,
        bottom=MUTED,
        long_hair=True,
        arm_left=(588, 482),
        arm_right=(662, 512),
    )
    c.rect(506, 446, 602, 508, BORDER, radius=5)
    c.rect(509, 449, 599, 505, WHITE, radius=4)
    c.rect(518, 458, 552, 472, PRIMARY_SOFT, radius=2)
    c.rect(518, 480, 590, 484, BORDER)
    c.rect(518, 491, 578, 495, BORDER)
    c.circle(520, 478, 240 / 10 * 0.42, SKIN[0])
    c.circle(588, 482, 240 / 10 * 0.42, SKIN[2])
    return c


COVERS = {
    "accompagner-son-enfant-sur-internet.png": cover_parents,
    "administrer-le-parc-numerique-d-une-ecole.png": cover_school_devices,
    "ateliers-numeriques-familles-commune-rurale-ardeche.png": cover_rural_workshop,
    "concevoir-une-seance-avec-le-numerique.png": cover_lesson_plan,
    "piloter-le-numerique-educatif-de-sa-commune.png": cover_town_hall,
}


if __name__ == "__main__":
    for name, draw in COVERS.items():
        path = draw().save(HERE / name)
        print(f"{path.name}: {path.stat().st_size // 1024} KB")  # noqa: T201
