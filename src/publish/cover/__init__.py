"""The cover, one design with three uses: the EPUB's cover image (image), the print wrap
(editions/cover_wrap.py) and the wrap's preflight (checks/preflight_cover.py).

design lays the front out (lines, frame, rule) in pixels; lettering sets each line in runs (a
face and a direction each), capitals puts text in the language's capitals and names joins the
creators in its words; wrap holds the print wrap's geometry (back, spine, front, barcode area);
inks the colours as a press prints them.
"""
