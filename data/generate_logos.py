#!/usr/bin/env python3
"""Draw the demo cooperatives' logos (issue #21): coop_crm_base/demo/logos/*.png.

    python3 data/generate_logos.py

The demo's union and cooperatives are fictitious; their logos are simple emblems drawn
here (a disc in the cooperative's colour with a white sign of its trade), so that the
public claim form, the portal, the reports and the company switcher show a logo, as a
real cooperative's would. Needs Pillow (Odoo's requirements).
"""

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "coop_crm_base" / "demo" / "logos"
SIZE = 256
WHITE = (255, 255, 255, 255)


def _disc(colour):
    image = Image.new("RGBA", (SIZE * 4, SIZE * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE * 4 - 8, SIZE * 4 - 8), fill=colour)
    return image, draw


def _star(draw, cx, cy, outer, inner, points=8, rotation=0.0):
    """A Moroccan star (khatam): ``points`` points, as in zellige."""
    coords = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = rotation + math.pi * i / points
        coords.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    draw.polygon(coords, fill=WHITE)


def union():
    """The union: a khatam with a disc of the union's colour at its heart."""
    colour = (122, 38, 46, 255)
    image, draw = _disc(colour)
    c = SIZE * 2
    _star(draw, c, c, 330, 240)
    draw.ellipse((c - 150, c - 150, c + 150, c + 150), fill=colour)
    for i in range(4):
        angle = math.pi / 4 + i * math.pi / 2
        x, y = c + 70 * math.cos(angle), c + 70 * math.sin(angle)
        draw.ellipse((x - 42, y - 42, x + 42, y + 42), fill=WHITE)
    return image


def argan():
    """Argan: a tree, a wide crown over a short trunk."""
    image, draw = _disc((46, 110, 58, 255))
    c = SIZE * 2
    draw.rectangle((c - 40, c + 20, c + 40, c + 330), fill=WHITE)
    for dx, dy, r in ((0, -150, 190), (-170, -40, 150), (170, -40, 150), (0, -20, 170)):
        draw.ellipse((c + dx - r, c + dy - r, c + dx + r, c + dy + r), fill=WHITE)
    return image


def dairy():
    """Dairy: a drop of milk."""
    image, draw = _disc((36, 94, 158, 255))
    c = SIZE * 2
    r = 230
    cy = c + 110
    draw.ellipse((c - r, cy - r, c + r, cy + r), fill=WHITE)
    draw.polygon(
        [(c, c - 380), (c - r * 0.93, cy - r * 0.38), (c + r * 0.93, cy - r * 0.38)],
        fill=WHITE,
    )
    return image


def crafts():
    """Crafts: an eight-pointed star, as in zellige tiles."""
    image, draw = _disc((186, 84, 44, 255))
    c = SIZE * 2
    _star(draw, c, c, 380, 270, points=8, rotation=math.pi / 8)
    draw.ellipse((c - 90, c - 90, c + 90, c + 90), fill=(186, 84, 44, 255))
    return image


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in (
        ("union", union),
        ("argan", argan),
        ("dairy", dairy),
        ("crafts", crafts),
    ):
        image = draw().resize((SIZE, SIZE), Image.LANCZOS)
        image.save(OUT / f"{name}.png", optimize=True)
        sys.stdout.write(f"{OUT / name}.png\n")


if __name__ == "__main__":
    main()
