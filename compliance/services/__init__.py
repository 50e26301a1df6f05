"""Every restriction change and what it sends to other systems, each audited in its transaction."""
