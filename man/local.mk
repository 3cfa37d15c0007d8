# The strata(1) manual page, and libstrata(3) for the embedding API.
dist_man_MANS += %D%/strata.1 %D%/libstrata.3
