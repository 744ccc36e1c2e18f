"""pressfacts: facts a database can trust, from Chinese government press releases.

Data flows one way: read -> segment -> recognise -> extract -> validate (records) -> write.
"""

__version__ = "0.1.0"
