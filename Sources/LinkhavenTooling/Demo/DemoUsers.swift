import Foundation
import LinkhavenServer
import LinkhavenCore

/// The demo users' sign-ins, kept (mode 0600) with the providers' files, never in the server's data.
enum DemoUsers {
    struct User: Codable { var who: String; var email: String; var password: String; var totpSecret: String }

    static func save(_ p: DemoPartnership, joined: [DemoOrganisation] = [], provider: String) throws {
        var users = [User(who: "Platform operator", email: p.operatorCredentials.email, password: p.operatorCredentials.initialPassword,
                          totpSecret: p.operatorCredentials.totpSecret)]
        for (org, label) in [(p.county, "Essex County Council"), (p.borough, "Basildon Borough Council"), (p.police, "Essex Police"),
                             (p.university, "Anglia Ruskin University")] + joined.map({ ($0, $0.name) }) {
            for (role, c) in org.credentials.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                users.append(User(who: "\(label), \(role.rawValue)", email: c.email, password: c.initialPassword, totpSecret: c.totpSecret))
            }
        }
        let w = try AtomicFileWriter(path: provider + "/demo-users.json", overwrite: true, mode: 0o600)
        try w.write(Array(try JSONEncoder().encode(users)))
        _ = try w.commit()
    }

    static func load(provider: String) throws -> [User] {
        try JSONDecoder().decode([User].self, from: Data(contentsOf: URL(fileURLWithPath: provider + "/demo-users.json")))
    }

    /// Who can sign in, with their passwords (and, with `codes`, their current codes).
    static func table(provider: String, codes: Bool = false) throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        return try load(provider: provider).map { u in
            let code = codes ? "  code " + TOTP.code(secret: TOTP.decodeBase32(u.totpSecret)!, time: now) : ""
            return "  \(u.who.padding(toLength: 44, withPad: " ", startingAt: 0)) \(u.email.padding(toLength: 26, withPad: " ", startingAt: 0)) password \(u.password)\(code)"
        }.joined(separator: "\n")
    }
}
