"""The relay profiles and the shared experiences; one module per model family."""
