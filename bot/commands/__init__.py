"""One module per `quicklooks` subcommand: each has `add_arguments(parser)` and `run(args) -> int`."""
