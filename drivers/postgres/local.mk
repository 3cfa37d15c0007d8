# drivers/postgres: filled in as the folder is written
