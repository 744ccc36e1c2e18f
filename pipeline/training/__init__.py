"""Training code (not imported at run time): the NER model."""
