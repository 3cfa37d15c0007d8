# The example project the README's quick start runs.
EXTRA_DIST += \
	%D%/db/migrations/20250108000000_create_users.up.sql \
	%D%/db/migrations/20250108000000_create_users.down.sql \
	%D%/db/migrations/20250109120000_create_posts.up.sql \
	%D%/db/migrations/20250109120000_create_posts.down.sql \
	%D%/db/migrations/20250110090000_seed_admin.sql

# Built by tests/integration/sdk_examples.sh against an installed strata,
# with pkg-config only: an embedding program and an out-of-tree driver.
EXTRA_DIST += %D%/embed/embed.c %D%/driver/driver_lite.c

# A short set of portable migrations (README: Portable migrations).
EXTRA_DIST += \
	%D%/portable/README \
	%D%/portable/db/migrations/20260101000000_shop.portable.up.sql \
	%D%/portable/db/migrations/20260101000000_shop.portable.down.sql \
	%D%/portable/db/migrations/20260102000000_notes.portable.up.sql \
	%D%/portable/db/migrations/20260102000000_notes.portable.down.sql \
	%D%/portable/db/migrations/20260103000000_seed.portable.up.sql \
	%D%/portable/db/migrations/20260103000000_seed.portable.down.sql \
	%D%/portable/db/migrations/20260104000000_big_orders.portable.up.sql \
	%D%/portable/db/migrations/20260104000000_big_orders.mysql.up.sql \
	%D%/portable/db/migrations/20260104000000_big_orders.mysql.down.sql \
	%D%/portable/db/migrations/20260105000000_email_search.postgres.up.sql \
	%D%/portable/db/migrations/20260105000000_email_search.postgres.down.sql \
	%D%/portable/db/migrations/20260105000000_email_search.mysql.up.sql \
	%D%/portable/db/migrations/20260105000000_email_search.mysql.down.sql \
	%D%/portable/db/migrations/20260105000000_email_search.sqlite.up.sql \
	%D%/portable/db/migrations/20260105000000_email_search.sqlite.down.sql
