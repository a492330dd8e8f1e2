"""Front ends for the other R heatmap packages (pheatmap, gplots' heatmap.2, stats' heatmap): one
call that compiles the package's arguments into a spec, orders with that package's rules, and
draws with the chosen backend. Same stage as :mod:`pyr_heatmap.dispatch`."""
