"""The training corpus: teaching texts and the builder (``python corpus/build.py``)."""
