"""Sister City Lab: courseware on how a sister city or sister province is formed in Indonesia.

Importing the package is cheap and pulls in no UI library: import the submodule you need
(``sistercity.data``, ``sistercity.procedure``, ``sistercity.pipeline`` ...).
"""

__version__ = "0.1.0"
