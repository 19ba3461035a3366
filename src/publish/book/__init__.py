"""The second stage: the frozen Book, made once from the manuscript, which every edition reads.

Markdown is parsed (parse), typography set (typography), notes numbered (notes), images loaded
(images) and ids made unique (ids) in make_book(); model holds the types that leave the stage.
"""
