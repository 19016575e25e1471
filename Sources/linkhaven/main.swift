import LinkhavenCLI

LinkhavenCommand.main()
