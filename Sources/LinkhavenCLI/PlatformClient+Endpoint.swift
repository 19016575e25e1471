import Foundation
import LinkhavenAPI

extension PlatformClient {
    /// Calls a contract endpoint that takes no body: its path filled with `parameters` (in the order the
    /// path names them), a 2xx reply decoded as the contract's type. Otherwise throws `CLIError`:
    /// `refused` followed by the platform's reason.
    func call<Out>(_ e: Endpoint<NoBody, Out>, _ parameters: String..., refused: String) throws -> Out {
        try decode(e, try send(e.method.rawValue.uppercased(), e.relativeTarget(parameters)), refused: refused)
    }

    /// Calls a contract endpoint with a JSON body.
    func call<In, Out>(_ e: Endpoint<In, Out>, _ parameters: String..., body: In, refused: String) throws -> Out {
        let r = try send(e.method.rawValue.uppercased(), e.relativeTarget(parameters), json: try JSONEncoder.api().encode(body))
        return try decode(e, r, refused: refused)
    }

    /// A reply to `e`, decoded as the contract's type if its status is one the contract names for success.
    func decode<In, Out>(_ e: Endpoint<In, Out>, _ r: Reply, refused: String) throws -> Out {
        guard ([e.success] + e.also).contains(r.status) else { throw CLIError("\(refused): \(Self.problem(r))") }
        do { return try JSONDecoder.api().decode(Out.self, from: r.body) } catch {
            throw CLIError("the platform's reply to \(e.method.rawValue.uppercased()) \(e.path) was not what this version of the tool expects; is the tool up to date?")
        }
    }
}
