# tests/unit: filled in as the folder is written
