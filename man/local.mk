# man: filled in as the folder is written
