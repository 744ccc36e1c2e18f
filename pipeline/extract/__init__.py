"""Stage 4, extract: one module per fact type, each turning merged mentions into facts.

officials.py, places.py, numbers.py, cooperation.py, event.py (event and source).
Facts are plain frozen dataclasses carrying their spans; ``records.py`` validates them.
"""
