# tests/integration: filled in as the folder is written
