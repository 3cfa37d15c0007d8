# cli: filled in as the folder is written
