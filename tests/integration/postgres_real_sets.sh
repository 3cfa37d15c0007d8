#!/bin/sh
# Shapes real PostgreSQL folders have: a psql meta-command, which strata
# refuses before anything runs; and what it runs as psql would, in a dbmate
# folder named the way dbmate allows (a dash after the version): a
# DO block, a $tag$ function body, COPY ... FROM stdin rows with
# semicolons, a file with no final newline.
. "$STRATA_SRCDIR/tests/integration/postgres_lib.sh"
pg_scratch_database

migration db/psql 0001_ledger.up.sql "CREATE TABLE ledger (id int);"
migration db/psql 0002_entries.up.sql "-- loaded with psql once
\\set ON_ERROR_STOP on
CREATE TABLE entry (id int);"
run_strata -u "$pg_url" -d db/psql up
is "$rc" 1 "a psql meta-command is refused"
like "$err" "psql meta-command '\\\\set' is not SQL, and strata sends the script to the server, not to psql: remove the line" \
  "naming it and what to do"
like "$err" "at db/psql/0002_entries\\.up\\.sql:2:1" "at its line"
is "$(pg "SELECT count(*) FROM pg_tables WHERE tablename IN ('ledger', 'entry')")" \
  "0" "before anything ran, the migration before it included"
run_strata -u "$pg_url" -d db/psql status
like "$out" "up would refuse it: psql meta-command '\\\\set'" "status says up would refuse it"

migration db/dbmate 00000000000000-roles.sql '-- migrate:up
do $$
begin
  if not exists (select 1 from pg_namespace where nspname = '"'"'books'"'"') then
    create schema books;
  end if;
end
$$;

-- migrate:down
drop schema books;'
migration db/dbmate 20240101000000-shelves.sql '-- migrate:up
create table books.shelf (id int primary key, label text);
create function books.label_of(n int) returns text language plpgsql as $body$
begin
  return (select label from books.shelf where id = n); -- one; two
end;
$body$;
copy books.shelf (id, label) from stdin;
1	top; first
2	it'"'"'s the bottom
\.

-- migrate:down
drop function books.label_of(int);
drop table books.shelf;'
printf '%s' '-- migrate:up
insert into books.shelf values (3, $$middle; $x$ $$)
-- migrate:down
delete from books.shelf where id = 3' >db/dbmate/20240102000000-more.sql
run_strata -u "$pg_url" -d db/dbmate --table dbmate_history up
is "$rc" 0 "a dbmate folder named with dashes applies ($err)"
is "$(pg "SELECT string_agg(version || ':' || name, ' ' ORDER BY version) FROM dbmate_history")" \
  "00000000000000:roles 20240101000000:shelves 20240102000000:more" \
  "each recorded by its leading digits"
is "$(pg "SELECT string_agg(books.label_of(id), '|' ORDER BY id) FROM books.shelf")" \
  "top; first|it's the bottom|middle; \$x\$ " \
  "the function, the COPY rows and the last line without a newline all arrived whole"
run_strata -u "$pg_url" -d db/dbmate --table dbmate_history down --all
is "$rc" 0 "and the folder reverts ($err)"
is "$(pg "SELECT count(*) FROM pg_namespace WHERE nspname = 'books'")" "0" \
  "down to nothing"

done_testing
