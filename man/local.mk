# The strata(1) manual page.
dist_man_MANS += %D%/strata.1
