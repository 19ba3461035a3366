"""The stylesheets' colours as a press prints them: every colour a publisher's CSS names in RGB
(#333, navy, rgb(), hsl()...) becomes device-cmyk(), so the print PDF stays PDF/X-1a.

A neutral colour (black, a grey) becomes black ink alone, as text must be printed; any other is
converted from sRGB to the print edition's own output profile by littleCMS (Pillow's
ImageCms), a translucent one first mixed with the white of the paper. Only declarations are
touched, never selectors; colours already in device-cmyk are left as they are. The EPUB keeps
the stylesheets as written.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from typing import Any

import tinycss2  # WeasyPrint's CSS parser (no types: see pyproject's mypy overrides)
import tinycss2.color4
from PIL import Image, ImageCms

from publish.source.output_profile import OutputProfile


def print_colours(css: str, profile: OutputProfile) -> str:
    """The stylesheet with its colours in CMYK."""
    rules = tinycss2.parse_stylesheet(css)
    return str(tinycss2.serialize(converted_rules(rules, profile)))


def converted_rules(rules: Iterable[Any], profile: OutputProfile) -> list[Any]:
    for rule in rules:
        if getattr(rule, "content", None) is None:
            continue
        contents = tinycss2.parse_blocks_contents(rule.content)
        if rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            rule.content = converted_rules(tinycss2.parse_stylesheet(
                tinycss2.serialize(rule.content)), profile)
            continue
        for item in contents:
            if item.type == "declaration":
                item.value = [converted(token, profile) for token in item.value]
            elif item.type in ("qualified-rule", "at-rule"):  # nested: @page's margin boxes
                converted_rules([item], profile)
        rule.content = contents
    return list(rules)


def converted(token: Any, profile: OutputProfile) -> Any:
    """A colour token as device-cmyk(); a function's arguments (a gradient's) looked into."""
    if token.type == "function" and token.lower_name == "device-cmyk":
        return token
    colour = tinycss2.color4.parse_color(token) if token.type in (
        "hash", "ident", "function") else None
    if isinstance(colour, tinycss2.color4.Color):
        srgb = colour.to("srgb")
        if srgb.alpha == 0:
            return token  # transparent: nothing is printed
        red, green, blue = (min(max(value, 0.0), 1.0) * srgb.alpha + (1 - srgb.alpha)
                            for value in srgb.coordinates)
        cyan, magenta, yellow, black = cmyk(round(red * 255), round(green * 255),
                                            round(blue * 255), profile)
        return tinycss2.parse_one_component_value(
            f"device-cmyk({cyan:g} {magenta:g} {yellow:g} {black:g})")
    if token.type == "function":
        token.arguments = [converted(argument, profile) for argument in token.arguments]
    return token


@functools.lru_cache(maxsize=1024)
def cmyk(red: int, green: int, blue: int, profile: OutputProfile
         ) -> tuple[float, float, float, float]:
    """An sRGB colour as ink fractions: a grey in black ink alone, any other through the
    profile."""
    if red == green == blue:
        return 0.0, 0.0, 0.0, round(1 - red / 255, 3)
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(profile.data)),
        "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    sample = ImageCms.applyTransform(Image.new("RGB", (1, 1), (red, green, blue)), transform)
    assert sample is not None
    inks = sample.getpixel((0, 0))
    assert isinstance(inks, tuple)
    return tuple(round(value / 255, 3) for value in inks)  # type: ignore[return-value]
