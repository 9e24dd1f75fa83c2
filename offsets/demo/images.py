"""Banner images for demo projects, drawn at load time (no binary files in the repo)."""

import io

from PIL import Image, ImageDraw

CATEGORY_COLOURS = {
    "forest": ((46, 125, 50), (165, 214, 167)),
    "solar": ((249, 168, 37), (255, 245, 157)),
    "energy-saving": ((21, 101, 192), (144, 202, 249)),
    "biomass": ((109, 76, 65), (215, 204, 200)),
    "blue-carbon": ((0, 131, 143), (128, 222, 234)),
    "biochar": ((66, 66, 66), (189, 189, 189)),
    "hydro": ((2, 119, 189), (179, 229, 252)),
}


def project_banner_png(category: str, size: tuple[int, int] = (800, 400)) -> bytes:
    """Return a PNG with a diagonal gradient in the category's colours."""
    start, end = CATEGORY_COLOURS.get(category, ((96, 125, 139), (207, 216, 220)))
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / (width - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
