"""The problem tree of a case as a picture: what it shows, where things go, and four ways to write it out."""

from .picture import Picture, picture_of
from .png import render_png
from .svg import render_svg
from .text import render_dot, render_mermaid

__all__ = ["Picture", "picture_of", "render_dot", "render_mermaid", "render_png", "render_svg"]
