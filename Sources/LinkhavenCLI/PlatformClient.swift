import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinkhavenCore

/// A small synchronous HTTPS client for the platform API, authenticated with an API token.
/// Plain HTTP is refused except to this machine (loopback), so a token never crosses a network in clear.
struct PlatformClient {
    let base: URL
    let token: String
    let session: URLSession

    init(server: String, token: String) throws {
        guard let url = URL(string: server), let scheme = url.scheme, let host = url.host else { throw CLIError("--server must be a URL such as https://linkhaven.example.gov.uk") }
        guard scheme == "https" || (scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host)) else {
            throw CLIError("--server must use https (plain http only to this machine)")
        }
        guard token.hasPrefix("lht_"), token.count < 100 else { throw CLIError("the API token does not look like one (it starts lht_)") }
        base = url
        self.token = token
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 120
        session = URLSession(configuration: c)
    }

    struct Reply { var status: Int; var body: Data }

    /// The API token from `--token-file` (which must be mode 0600) or `LINKHAVEN_TOKEN`.
    static func apiToken(file: String?) throws -> String {
        if let file {
            try SecretKey.checkPrivate(path: file)
            return (try String(contentsOfFile: file, encoding: .utf8)).trimmingWhitespace
        }
        guard let t = ProcessInfo.processInfo.environment["LINKHAVEN_TOKEN"] else { throw CLIError("give the API token in LINKHAVEN_TOKEN or --token-file") }
        return t
    }

    /// Sends a request and waits for the reply; network failures throw.
    func send(_ method: String, _ path: String, json: Data? = nil, body: Data? = nil, headers: [String: String] = [:]) throws -> Reply {
        var r = URLRequest(url: base.appendingPathComponent(path))
        r.httpMethod = method
        r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        if let json { r.httpBody = json; r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let body { r.httpBody = body; r.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type") }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Reply, any Error> = .failure(CLIError("no reply"))
        session.dataTask(with: r) { data, response, error in
            if let error { result = .failure(error) } else {
                result = .success(Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data()))
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.get()
    }

    /// The `error` of a problem reply.
    static func problem(_ r: Reply) -> String {
        ((try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any])?["error"] as? String ?? "HTTP \(r.status)"
    }
}
