"""Engines: the durable-rules backend (the engine of record) and the reference evaluator, with one interface."""
