"""Account statements (C "Statement"): the rows, read as a stream, and a writer per format.
Nothing in a statement names a restriction: it is what the customer receives."""
