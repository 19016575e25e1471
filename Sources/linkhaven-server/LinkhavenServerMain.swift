import ArgumentParser
import LinkhavenTooling

/// linkhaven-server: the platform and its commands (`linkhaven-server --help`; each command has its own `--help`).
@main
struct LinkhavenServerMain: AsyncMainProtocol {
    typealias Command = LinkhavenServerCommand
}
