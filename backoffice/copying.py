"""``copy.copy`` for plain objects, without its generic machinery (issue 17).

``copy.copy`` goes through ``__reduce_ex__``, ``copyreg.__newobj__`` and ``_reconstruct``: about
ten Python calls an object. A list page copies every filter field and every table column for
each request; for objects with a plain ``__dict__`` (no ``__slots__``, no ``__copy__`` or
``__getstate__`` of their own) the result is the same new instance sharing the same attributes.
"""


def shallow_copy[T](instance: T) -> T:
    """A new instance of ``instance``'s class with the same attributes (``copy.copy``'s result
    for a plain object)."""
    copied = instance.__class__.__new__(instance.__class__)
    copied.__dict__.update(instance.__dict__)
    return copied
