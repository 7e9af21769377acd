"""lifecircle QGIS plugin: a Processing provider running the lifecircle CLI."""


def classFactory(iface):
    from .plugin import LifecirclePlugin

    return LifecirclePlugin(iface)
