"""The first stage: what is read from the project, strictly, with each problem at its line.

The manuscript's chapters and metadata, the stylesheets, the typeface and the print output
profile. Nothing here parses Markdown or knows an edition; the next stage (book/) does.
"""
