"""The covers' colours, held once as the inks a press prints, and shown on screen from those.

The print cover names each colour in CMYK (device-cmyk in its CSS); the EPUB's cover PNG needs
RGB. Rather than two sets of numbers that drift apart, each colour is defined by its inks and
its screen colour is derived: converted through the print edition's own output profile (the one
the PDF declares as its OutputIntent) to sRGB with littleCMS, so the PNG shows what the press
will print. The conversion is exact arithmetic on fixed inputs, so it gives the same bytes on
every build.

Total ink (C + M + Y + K) stays at or under 240 %, the limit Lightning Source / IngramSpark set
for covers (IngramSpark's File Creation Guide): more ink than that dries badly and sets off.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from PIL import Image, ImageCms

from publish.source.output_profile import load_output_profile

MAXIMUM_TOTAL_INK = 2.40  # 240 %: IngramSpark's cover limit, the strictest of the services


@dataclass(frozen=True)
class Ink:
    """A process colour as fractions of each ink, 0 to 1."""

    cyan: float
    magenta: float
    yellow: float
    black: float

    def __post_init__(self) -> None:
        if self.total > MAXIMUM_TOTAL_INK + 1e-9:
            raise ValueError(f"{self} carries {self.total:.0%} ink, over the cover limit")

    @property
    def total(self) -> float:
        return self.cyan + self.magenta + self.yellow + self.black

    @property
    def css(self) -> str:
        """The colour for WeasyPrint, which writes device-cmyk() as DeviceCMYK operators."""
        return (f"device-cmyk({self.cyan:g} {self.magenta:g} {self.yellow:g} "
                f"{self.black:g})")

    @property
    def rgb(self) -> tuple[int, int, int]:
        """How the ink looks printed, in sRGB, through the output profile."""
        return screen_rgb(self)


# A deep oxblood, the darkest red the SWOP profile gives within 240 % ink (sRGB about
# 102, 38, 44), and a warm cream, the nearest to the book paper of the EPUB cover.
FIELD = Ink(0.0, 0.95, 0.65, 0.75)
LETTERING = Ink(0.0, 0.04, 0.15, 0.05)
# The barcode: bars and digits in black ink alone (rich black would print each bar four times,
# never quite in register, and blur it for a scanner) on the bare paper of a box without ink.
BARCODE_BLACK = Ink(0.0, 0.0, 0.0, 1.0)
BARCODE_PAPER = Ink(0.0, 0.0, 0.0, 0.0)


@functools.cache
def screen_rgb(ink: Ink) -> tuple[int, int, int]:
    """The ink in sRGB: the profile's relative colorimetric rendering, 8 bits a channel."""
    press = ImageCms.ImageCmsProfile(io.BytesIO(load_output_profile().data))
    screen = ImageCms.createProfile("sRGB")
    transform = ImageCms.buildTransform(press, screen, "CMYK", "RGB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    sample = Image.new("CMYK", (1, 1), tuple(round(value * 255) for value in (
        ink.cyan, ink.magenta, ink.yellow, ink.black)))
    converted = ImageCms.applyTransform(sample, transform)
    assert converted is not None
    red, green, blue = converted.getpixel((0, 0))  # type: ignore[misc]
    return int(red), int(green), int(blue)
