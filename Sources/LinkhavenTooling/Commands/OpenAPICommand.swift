import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server openapi`: prints the API's OpenAPI document, without starting a server.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the API's OpenAPI document (for client generators and validators).")

    func run() throws { FileHandle.standardOutput.write(try openAPIDocumentJSON()) }
}
