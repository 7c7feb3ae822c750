"""The ORM layer: records, fields, the cache, the unit of work, prefetch, domains, the environment.

It turns what :mod:`odoorm.meta` says about the server's models into record classes and calls the
server through :class:`odoorm.transport.Transport` only; it knows nothing of HTTP.
"""
