"""Applications on the pipeline: the command line, the demo and its site, report rendering."""
