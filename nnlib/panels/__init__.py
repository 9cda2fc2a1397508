"""The book's slider panels, one module per chapter.

Importing this package imports every module in it, so that each panel
factory (decorated with :func:`nnlib.widgets.register_panel`) lands in
:data:`nnlib.widgets.PANEL_FACTORIES`. A new chapter's panels are found by
the tests without editing any list.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
