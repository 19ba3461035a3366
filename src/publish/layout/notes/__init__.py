"""The notes of the print edition: WeasyPrint sets each note at the foot of its call's page
(a CSS footnote, html.footnote); the layout proves where it set them (proof), and where a note
was not set on its call's page, or ran out of the text area, it repairs the layout (repair):
a page made to end earlier, a long note split between lines and continued at the foot of the
next page (markup, lines). What cannot be repaired stops the build at the note's line.
"""
