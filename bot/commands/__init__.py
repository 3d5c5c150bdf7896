"""One module per `councilbot` subcommand, each with add_parser(subparsers) and run(args)."""
