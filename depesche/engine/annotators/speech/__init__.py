"""The stages of the speech layer (``quotes`` annotator), one module each; see
:mod:`depesche.engine.annotators.quotes` for their order."""
