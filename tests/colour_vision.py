"""Colour as readers with a colour-vision deficiency see it: Machado, Oliveira and Fernandes (2009).

"A Physiologically-based Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), gives one
3x3 matrix per deficiency and severity, applied to linear sRGB; these are its severity-1.0 matrices
(protanopia, deuteranopia, tritanopia: the full loss of one kind of cone). Colour differences are CIE76
Delta E in CIELAB (D65). Small and dependency-free on purpose: the tests need twelve numbers per colour.
"""

from __future__ import annotations

import math

Matrix = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]

DEFICIENCIES: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

RGB = tuple[float, float, float]


def hex_to_linear(colour: str) -> RGB:
    """'#RRGGBB' to linear-light sRGB in [0, 1]."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return (r, g, b)


def simulate(linear: RGB, deficiency: str) -> RGB:
    """The linear sRGB a reader with `deficiency` perceives as the same colour (clipped to the gamut)."""
    m = DEFICIENCIES[deficiency]
    r, g, b = (min(1.0, max(0.0, row[0] * linear[0] + row[1] * linear[1] + row[2] * linear[2])) for row in m)
    return (r, g, b)


def to_lab(linear: RGB) -> RGB:
    """Linear sRGB to CIELAB under D65."""
    r, g, b = linear
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def difference(a: str, b: str, deficiency: str | None = None) -> float:
    """CIE76 Delta E between two '#RRGGBB' colours, as typical vision or `deficiency` sees them."""
    la, lb = hex_to_linear(a), hex_to_linear(b)
    if deficiency is not None:
        la, lb = simulate(la, deficiency), simulate(lb, deficiency)
    return math.dist(to_lab(la), to_lab(lb))
