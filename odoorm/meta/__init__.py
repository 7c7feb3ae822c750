"""What the server says about its models: metadata specs, loading, the registry of record classes."""
