# drivers/mysql: filled in as the folder is written
