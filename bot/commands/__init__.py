"""One module per `quicklooks` subcommand, each with `add_arguments(parser)` and `run(args)`."""
