"""Case documents: reading bytes into JSON, validating against the schemas, building engine facts."""
