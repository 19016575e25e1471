import ArgumentParser
import LinkhavenServer

/// `linkhaven-server create-operator EMAIL NAME`: the first platform operator, with one-time credentials.
struct CreateOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-operator",
        abstract: "Make a platform operator and print their one-time credentials (initial password, TOTP secret, recovery codes).")

    @Argument(help: "Their e-mail address (their sign-in name).") var email: String
    @Argument(help: "Their name.") var name: String

    func run() async throws {
        try await PlatformApplication.run([]) { app, _ in
            let c = try await Accounts.createOperator(app: app, email: email, name: name)
            print("operator \(c.email) created. Hand these over securely; they are shown only once.")
            print("  initial password: \(c.initialPassword)\n  TOTP secret: \(c.totpSecret)\n  \(c.totpURI)")
            print("  recovery codes (each works once): \(c.recoveryCodes.joined(separator: " "))")
        }
    }
}
