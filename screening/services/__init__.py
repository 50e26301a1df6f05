"""The screening app's services: loading lists (``lists``), screening customers (``screen``),
deciding hits (``hits``). Every state change goes through them and writes its audit entry."""
