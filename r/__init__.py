"""R source files shipped with pyr_heatmap (plain R functions, loaded once per R session)."""
