import ArgumentParser
import LinkhavenServer

/// `linkhaven-server demo`: the whole product on a synthetic partnership, then serves it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole product on a synthetic partnership, then serve it (or stop, with --short).",
        discussion: """
            Four partners sign an agreement, pseudonymise and upload six datasets with the provider tool, link them and \
            release a checked output; a second run continues where the first stopped (--fresh starts again).
            """,
        subcommands: [DemoRunCommand.self, DemoCodesCommand.self],
        defaultSubcommand: DemoRunCommand.self)
}

/// `linkhaven-server demo [run]`.
struct DemoRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the demo (the default).")

    @Option(help: "Households in the synthetic town (50 to 200,000).") var households = Demo.Options().households
    @Option(help: "The port to serve on, on 127.0.0.1 (0: any free one).") var port = Demo.Options().port
    @Option(name: .customLong("dir"), help: "Where the demo keeps its platform data and the providers' files.") var directory = Demo.Options().directory
    @Flag(help: "Start again, deleting what an earlier run left in --dir.") var fresh = false
    @Flag(help: "Stop after the work instead of serving (CI).") var short = false

    func validate() throws {
        try check(households, "--households", 50...200_000)
        try check(port, "--port", 0...65_535)
    }

    var options: Demo.Options {
        var o = Demo.Options()
        o.households = households; o.port = port; o.directory = directory; o.fresh = fresh; o.short = short
        return o
    }

    func run() async throws { try await Demo.run(options, say: say) }
}

/// `linkhaven-server demo codes`: each demo user's current sign-in code.
struct DemoCodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codes", abstract: "Print each demo user's current sign-in code.")

    @Option(name: .customLong("dir"), help: "The demo's directory.") var directory = Demo.Options().directory

    func run() throws { say(try Demo.codes(directory: directory)) }
}

extension Demo.Options {
    /// Parses the demo's options as the command line gives them; a bad one throws its message.
    public init(arguments: [String]) throws {
        self = try DemoRunCommand.parsed(arguments, \.options)
    }
}
