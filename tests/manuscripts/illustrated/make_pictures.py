"""Draws the pictures in manuscript/images/ deterministically: simple shapes, no text, no randomness.

Run it from anywhere: .venv/bin/python tests/manuscripts/illustrated/make_pictures.py (Pillow only,
no network). The same Pillow version writes byte-identical files every run.

PNG (RGB unless noted):
  frontispiece.png   2400 x 1800  a rabbit under a fir-tree (large: 8 x 6 in at 300 ppi)
  fir-tree.png       1800 x 2400  the sand-bank under the fir-tree, portrait
  garden-gate.png    2400 x 1600  Mr. McGregor's gate and the garden wall
  watering-can.png    900 x 900   the can Peter hid in (palette image, 16 colours)
  gooseberry-net.png 1200 x 800   greyscale (L): the net with its mesh
SVG (text files, simple shapes):
  radish.svg, lettuce.svg, shoe.svg, jacket.svg, sieve.svg, camomile.svg, wheelbarrow.svg
"""

from pathlib import Path

from PIL import Image, ImageDraw

IMAGES = Path(__file__).parent / "manuscript" / "images"

SKY = (214, 232, 244)
GRASS = (120, 168, 92)
SAND = (222, 196, 140)
BARK = (110, 78, 50)
NEEDLES = (46, 96, 62)
BROWN = (150, 112, 80)
CREAM = (245, 236, 214)
BLUE = (58, 92, 160)
BRASS = (196, 160, 60)
GREY = (128, 128, 128)
RED = (186, 52, 60)


def rabbit(draw: ImageDraw.ImageDraw, x: int, y: int, s: float, coat: tuple[int, int, int] | None) -> None:
    """A sitting rabbit: body, head, two ears, a tail; optionally a jacket."""
    def e(x0: float, y0: float, x1: float, y1: float, fill: tuple[int, int, int]) -> None:
        draw.ellipse([x + x0 * s, y + y0 * s, x + x1 * s, y + y1 * s], fill=fill, outline=(60, 44, 30),
                     width=max(2, int(3 * s)))
    e(-60, -40, 60, 80, BROWN)                       # body
    if coat:
        draw.polygon([(x - 55 * s, y - 10 * s), (x + 55 * s, y - 10 * s), (x + 40 * s, y + 50 * s),
                      (x - 40 * s, y + 50 * s)], fill=coat)
        for i in range(3):
            e(-6, -2 + 16 * i, 6, 10 + 16 * i, BRASS)
    e(-40, -110, 40, -30, BROWN)                     # head
    e(-34, -210, -8, -95, BROWN)                     # ears
    e(8, -210, 34, -95, BROWN)
    e(-22, -190, -16, -110, (226, 180, 170))
    e(16, -190, 22, -110, (226, 180, 170))
    e(50, 40, 80, 70, CREAM)                         # tail
    e(-20, -85, -10, -75, (20, 20, 20))              # eyes
    e(10, -85, 20, -75, (20, 20, 20))


def fir(draw: ImageDraw.ImageDraw, x: int, base: int, height: int) -> None:
    trunk = height // 12
    draw.rectangle([x - trunk, base - height // 4, x + trunk, base], fill=BARK)
    for i in range(5):
        top = base - height + i * height // 6
        half = height // 10 + i * height // 14
        draw.polygon([(x, top), (x - half, top + height // 4), (x + half, top + height // 4)], fill=NEEDLES)


def frontispiece() -> Image.Image:
    img = Image.new("RGB", (2400, 1800), SKY)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 1200, 2400, 1800], fill=GRASS)
    d.ellipse([900, 1050, 2300, 1500], fill=SAND)
    fir(d, 1600, 1250, 1100)
    d.ellipse([1450, 1180, 1750, 1330], fill=(70, 50, 36))   # the rabbit-hole under the root
    rabbit(d, 800, 1450, 2.4, BLUE)
    rabbit(d, 300, 1520, 1.5, None)
    d.ellipse([1950, 120, 2200, 370], fill=(250, 226, 120))  # sun
    return img


def fir_tree() -> Image.Image:
    img = Image.new("RGB", (1800, 2400), SKY)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 1700, 1800, 2400], fill=GRASS)
    d.ellipse([200, 1550, 1600, 2050], fill=SAND)
    fir(d, 900, 1800, 1600)
    for i, x in enumerate((520, 780, 1040, 1300)):
        rabbit(d, x, 1950 + (i % 2) * 60, 1.1, None)
    return img


def garden_gate() -> Image.Image:
    img = Image.new("RGB", (2400, 1600), SKY)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 1100, 2400, 1600], fill=GRASS)
    for row in range(8):                                     # brick wall, two courses a row
        y = 500 + row * 75
        offset = 0 if row % 2 == 0 else 75
        for col in range(-1, 17):
            x = offset + col * 150
            d.rectangle([x, y, x + 146, y + 71], fill=(168, 84, 60))
    d.rectangle([950, 560, 1450, 1100], fill=SKY)            # the gateway
    for i in range(9):                                       # the wooden gate's palings
        x = 970 + i * 54
        d.rectangle([x, 640, x + 40, 1100], fill=(196, 172, 130))
        d.polygon([(x, 640), (x + 20, 600), (x + 40, 640)], fill=(196, 172, 130))
    d.rectangle([960, 720, 1440, 760], fill=(160, 136, 96))
    d.rectangle([960, 980, 1440, 1020], fill=(160, 136, 96))
    d.rectangle([1000, 1075, 1400, 1100], fill=(70, 50, 36))  # the gap Peter squeezed under
    return img


def watering_can() -> Image.Image:
    img = Image.new("RGB", (900, 900), CREAM)
    d = ImageDraw.Draw(img)
    d.rectangle([250, 350, 650, 750], fill=GREY, outline=(60, 60, 60), width=6)
    d.polygon([(650, 420), (830, 260), (850, 290), (650, 480)], fill=GREY, outline=(60, 60, 60))
    d.ellipse([810, 230, 880, 300], fill=(100, 100, 100))
    d.arc([300, 200, 600, 500], 180, 360, fill=(60, 60, 60), width=18)
    d.rectangle([260, 400, 640, 420], fill=(90, 140, 200))   # the water line
    return img.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def gooseberry_net() -> Image.Image:
    img = Image.new("L", (1200, 800), 235)
    d = ImageDraw.Draw(img)
    for x in range(0, 1260, 60):
        d.line([(x, 0), (x - 400, 800)], fill=90, width=3)
        d.line([(x - 400, 0), (x, 800)], fill=90, width=3)
    for cx, cy in ((300, 500), (520, 420), (760, 560), (950, 380)):
        d.ellipse([cx - 40, cy - 40, cx + 40, cy + 40], fill=150)   # gooseberry bushes
    return img


SVGS = {
    "radish.svg": """<ellipse cx="100" cy="120" rx="40" ry="50" fill="#c8323c"/>
  <path d="M100 170 L100 195" stroke="#8a5a3c" stroke-width="4"/>
  <path d="M100 75 L75 20 M100 75 L100 10 M100 75 L125 20" stroke="#3c8a46" stroke-width="10" stroke-linecap="round"/>""",
    "lettuce.svg": """<circle cx="100" cy="110" r="70" fill="#9ccc64"/>
  <circle cx="100" cy="110" r="48" fill="#b8dc82"/>
  <circle cx="100" cy="110" r="24" fill="#d4ec9c"/>""",
    "shoe.svg": """<path d="M30 120 L30 80 L90 80 L110 110 L170 120 L170 145 L30 145 Z" fill="#5a3c28" stroke="#2e1e14" stroke-width="4"/>
  <rect x="30" y="145" width="140" height="10" fill="#2e1e14"/>""",
    "jacket.svg": """<path d="M60 40 L100 60 L140 40 L175 80 L155 100 L145 90 L145 170 L55 170 L55 90 L45 100 L25 80 Z" fill="#3a5ca0" stroke="#1e2e50" stroke-width="4"/>
  <circle cx="100" cy="95" r="7" fill="#c4a03c"/>
  <circle cx="100" cy="120" r="7" fill="#c4a03c"/>
  <circle cx="100" cy="145" r="7" fill="#c4a03c"/>""",
    "sieve.svg": """<ellipse cx="100" cy="100" rx="80" ry="30" fill="#d2b48c" stroke="#6e5032" stroke-width="6"/>
  <ellipse cx="100" cy="100" rx="62" ry="20" fill="none" stroke="#6e5032" stroke-width="2" stroke-dasharray="4 4"/>""",
    "camomile.svg": """<g fill="#ffffff" stroke="#b4b4b4" stroke-width="2">
    <ellipse cx="100" cy="55" rx="12" ry="30"/><ellipse cx="100" cy="145" rx="12" ry="30"/>
    <ellipse cx="55" cy="100" rx="30" ry="12"/><ellipse cx="145" cy="100" rx="30" ry="12"/>
    <ellipse cx="68" cy="68" rx="12" ry="30" transform="rotate(-45 68 68)"/>
    <ellipse cx="132" cy="132" rx="12" ry="30" transform="rotate(-45 132 132)"/>
    <ellipse cx="132" cy="68" rx="12" ry="30" transform="rotate(45 132 68)"/>
    <ellipse cx="68" cy="132" rx="12" ry="30" transform="rotate(45 68 132)"/>
  </g>
  <circle cx="100" cy="100" r="22" fill="#f0c828"/>""",
    "wheelbarrow.svg": """<path d="M40 70 L160 70 L140 120 L60 120 Z" fill="#8c8c8c" stroke="#3c3c3c" stroke-width="4"/>
  <circle cx="150" cy="145" r="22" fill="none" stroke="#3c3c3c" stroke-width="6"/>
  <path d="M60 120 L40 170 M40 70 L10 60" stroke="#6e5032" stroke-width="8" stroke-linecap="round"/>""",
}


def svg(body: str, title: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">\n'
            f'  <title>{title}</title>\n  {body}\n</svg>\n')


if __name__ == "__main__":
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, make in (("frontispiece.png", frontispiece), ("fir-tree.png", fir_tree),
                       ("garden-gate.png", garden_gate), ("watering-can.png", watering_can),
                       ("gooseberry-net.png", gooseberry_net)):
        make().save(IMAGES / name, optimize=True)
    for name, body in SVGS.items():
        (IMAGES / name).write_text(svg(body, name[:-4].replace("-", " ").capitalize()), encoding="utf-8")
