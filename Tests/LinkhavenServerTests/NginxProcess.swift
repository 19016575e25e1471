import Foundation

/// Debian's nginx, running `deploy/nginx/linkhaven.conf` as an operator would install it — only its ports, certificate
/// and upstream changed — on 127.0.0.1, in front of a server on `upstream`, with a self-signed certificate for
/// 127.0.0.1 made by openssl. Everything it writes is under `directory`; `stop()` (or the end of the test process)
/// stops it.
final class NginxProcess: @unchecked Sendable {
    let directory: String
    let https: Int, http: Int
    var certificate: String { directory + "/cert.pem" }
    private let process = Process()

    init(in directory: String, upstream: Int, https: Int, http: Int) throws {
        self.directory = directory; self.https = https; self.http = http
        try FileManager.default.createDirectory(atPath: directory + "/temp", withIntermediateDirectories: true)
        let (status, out) = try ServerProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/key.pem", "-out", certificate,
        ], timeout: 60)
        guard status == 0 else { throw NginxError(what: "openssl could not make a certificate: \(out)") }
        var site = try String(contentsOf: Self.site, encoding: .utf8)
        for (shipped, here) in [("server 127.0.0.1:8080;", "server 127.0.0.1:\(upstream);"), ("listen 80;", "listen 127.0.0.1:\(http);"),
                                ("listen 443 ssl http2;", "listen 127.0.0.1:\(https) ssl http2;"),
                                ("/etc/ssl/linkhaven/fullchain.pem", certificate), ("/etc/ssl/linkhaven/privkey.pem", directory + "/key.pem")] {
            guard site.contains(shipped) else { throw NginxError(what: "deploy/nginx/linkhaven.conf no longer says '\(shipped)'") }
            site = site.replacingOccurrences(of: shipped, with: here)
        }
        site = site.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("listen [::]") }.joined(separator: "\n")
        try site.write(toFile: directory + "/linkhaven.conf", atomically: true, encoding: .utf8)
        let temp = directory + "/temp"
        try """
            daemon off;
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log warn;
            \(getuid() == 0 ? "user root;" : "")
            events { worker_connections 256; }
            http {
                access_log \(directory)/access.log;
                client_body_temp_path \(temp)/body; proxy_temp_path \(temp)/proxy; fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi; scgi_temp_path \(temp)/scgi;
                include \(directory)/linkhaven.conf;
            }
            """.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", directory, "-c", directory + "/nginx.conf"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<100 {
            if Self.accepts(https) && Self.accepts(http) { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw NginxError(what: "nginx did not start: " + ((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""))
    }

    /// Whether nginx is installed (`.ci/run` installs Debian's).
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    static let site = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/nginx/linkhaven.conf")

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    deinit { stop() }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET); address.sin_port = in_port_t(UInt16(port).bigEndian); address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 } }
    }

    struct NginxError: Error, CustomStringConvertible { var what: String; var description: String { what } }
}
